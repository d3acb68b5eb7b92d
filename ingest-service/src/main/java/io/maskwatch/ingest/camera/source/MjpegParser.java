package io.maskwatch.ingest.camera.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Splits a {@code multipart/x-mixed-replace} body (an MJPEG stream) into its parts: each part's
 * headers are read up to the empty line, then its body, by {@code Content-Length} when the part has
 * one, else up to the next boundary line.
 */
public final class MjpegParser {

  private static final int MAX_LINE = 8192;

  private final InputStream in;
  private final String boundary;
  private final byte[] delimiter;
  private final int maxPartBytes;

  /** The last body was read up to and including the next delimiter line. */
  private boolean atHeaders;

  /**
   * @param in the response body, buffered
   * @param boundary the boundary parameter of the content type (with or without leading "--")
   * @param maxPartBytes larger parts are refused (a corrupt or hostile stream)
   */
  public MjpegParser(InputStream in, String boundary, int maxPartBytes) {
    this.in = in;
    this.boundary = boundary.startsWith("--") ? boundary.substring(2) : boundary;
    this.delimiter = ("\n--" + this.boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.maxPartBytes = maxPartBytes;
  }

  /** The boundary parameter of a content type, or null. */
  public static String boundaryOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String param : contentType.split(";")) {
      String p = param.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String value = p.substring("boundary=".length()).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  /**
   * The body of the next part.
   *
   * @throws EOFException at the end of the stream (closing boundary or connection closed)
   */
  public byte[] nextPart() throws IOException {
    if (!atHeaders) {
      skipToBoundary();
    }
    int length = -1;
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("content-length")) {
        try {
          length = Integer.parseInt(line.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
          throw new IOException("bad Content-Length in MJPEG part: " + line);
        }
        if (length < 0 || length > maxPartBytes) {
          throw new IOException(
              "MJPEG part of " + length + " bytes (at most " + maxPartBytes + " accepted)");
        }
      }
    }
    if (length >= 0) {
      byte[] body = in.readNBytes(length);
      if (body.length < length) {
        throw new EOFException("MJPEG stream ended inside a part");
      }
      atHeaders = false;
      return body;
    }
    return readToBoundary();
  }

  private void skipToBoundary() throws IOException {
    while (true) {
      String line = readLine().strip();
      if (line.startsWith("--" + boundary) || line.equals(boundary)) {
        if (line.endsWith(boundary + "--")) {
          throw new EOFException("MJPEG stream closed by its final boundary");
        }
        return;
      }
    }
  }

  /** The bytes up to "\r\n--boundary"; consumes the rest of that boundary line. */
  private byte[] readToBoundary() throws IOException {
    byte[] buf = new byte[64 * 1024];
    int size = 0;
    int limit = maxPartBytes + delimiter.length + 1;
    byte last = delimiter[delimiter.length - 1];
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("MJPEG stream ended inside a part");
      }
      if (size == buf.length) {
        if (size >= limit) {
          throw new IOException("MJPEG part larger than " + maxPartBytes + " bytes");
        }
        buf = Arrays.copyOf(buf, Math.min(limit, size * 2));
      }
      buf[size++] = (byte) b;
      if ((byte) b == last && endsWithDelimiter(buf, size)) {
        int end = size - delimiter.length;
        if (end > 0 && buf[end - 1] == '\r') {
          end--;
        }
        // "--boundary--" ends the stream after this part; otherwise the next part's headers follow.
        atHeaders = !readLine().startsWith("--");
        return Arrays.copyOf(buf, end);
      }
    }
  }

  private boolean endsWithDelimiter(byte[] buf, int size) {
    if (size < delimiter.length) {
      return false;
    }
    for (int i = 0; i < delimiter.length; i++) {
      if (buf[size - delimiter.length + i] != delimiter[i]) {
        return false;
      }
    }
    return true;
  }

  /** A line without its CR LF; EOFException at the end of the stream. */
  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("MJPEG stream ended");
      }
      if (b == '\n') {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
          line.setLength(n - 1);
        }
        return line.toString();
      }
      if (line.length() < MAX_LINE) {
        line.append((char) b);
      }
    }
  }
}
