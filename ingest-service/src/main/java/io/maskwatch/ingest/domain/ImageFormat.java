package io.maskwatch.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The picture formats the pipeline takes, by MIME type and by the bytes they start with. */
public enum ImageFormat {
  JPEG("image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
  PNG("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});

  /** The MIME types an upload may declare, in the order error messages list them. */
  public static final List<String> CONTENT_TYPES = List.of(JPEG.contentType(), PNG.contentType());

  private final String contentType;
  private final byte[] signature;

  ImageFormat(String contentType, byte[] signature) {
    this.contentType = contentType;
    this.signature = signature;
  }

  public String contentType() {
    return contentType;
  }

  /**
   * The format a Content-Type header declares; parameters ({@code ; charset=...}) and case are
   * ignored. Empty for anything else, including a missing header.
   */
  public static Optional<ImageFormat> ofContentType(String header) {
    String type = mediaType(header);
    for (ImageFormat format : values()) {
      if (format.contentType.equals(type)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  /** The bare media type of a Content-Type header, lower case; "" when there is none. */
  public static String mediaType(String header) {
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    String type = semicolon < 0 ? header : header.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  /** The format the bytes are in, judged by their signature; empty when neither. */
  public static Optional<ImageFormat> sniff(byte[] bytes) {
    for (ImageFormat format : values()) {
      if (startsWith(bytes, format.signature)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  /**
   * What the bytes look like, for an error message: a well-known format ("a GIF image") or their
   * first bytes in hex.
   */
  public static String describe(byte[] bytes) {
    Optional<ImageFormat> format = sniff(bytes);
    if (format.isPresent()) {
      return "a " + format.get().name() + " image";
    }
    if (startsWith(bytes, ascii("GIF8"))) {
      return "a GIF image";
    }
    if (startsWith(bytes, ascii("RIFF"))
        && bytes.length >= 12
        && new String(bytes, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
      return "a WebP image";
    }
    StringBuilder hex = new StringBuilder("data starting with");
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      hex.append(String.format(" %02X", bytes[i] & 0xFF));
    }
    return hex.toString();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes == null || bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
