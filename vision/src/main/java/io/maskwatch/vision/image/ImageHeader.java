package io.maskwatch.vision.image;

/**
 * What the first and last bytes of an encoded image say, read before any pixel is decoded: the
 * format, the size it claims, and whether the data runs to its end marker. Lets {@link Images}
 * refuse a truncated file or a decompression bomb instead of handing OpenCV bytes that decode into
 * a half-grey picture or gigabytes of pixels.
 */
record ImageHeader(String format, int width, int height, int orientation) {

  /** EXIF orientation 1: the pixels are stored upright (also: no EXIF at all, and every PNG). */
  static final int UPRIGHT = 1;

  /** An EXIF block whose orientation could not be read: let a decoder that reads EXIF decide. */
  static final int UNKNOWN_ORIENTATION = 0;

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  long pixels() {
    return (long) width * height;
  }

  /**
   * @throws InvalidImageException when the bytes are not a complete JPEG or PNG
   */
  static ImageHeader inspect(byte[] bytes) {
    if (bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xFF
        && (bytes[1] & 0xFF) == 0xD8
        && (bytes[2] & 0xFF) == 0xFF) {
      return inspectJpeg(bytes);
    }
    if (startsWith(bytes, PNG_SIGNATURE)) {
      return inspectPng(bytes);
    }
    throw new InvalidImageException(
        "not a JPEG or PNG image (starts with " + hexStart(bytes) + ")");
  }

  private static ImageHeader inspectJpeg(byte[] b) {
    int n = b.length;
    int pos = 2;
    int width = -1;
    int height = -1;
    int orientation = UPRIGHT;
    while (true) {
      if (pos + 1 >= n) {
        throw truncated("JPEG", "ends inside its headers");
      }
      if ((b[pos] & 0xFF) != 0xFF) {
        throw new InvalidImageException(
            "corrupt JPEG: expected a marker at byte " + pos + ", found 0x" + hex(b[pos]));
      }
      int marker = b[pos + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte before a marker
        pos++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // markers without a length
        pos += 2;
        continue;
      }
      if (marker == 0xD9) {
        throw new InvalidImageException("corrupt JPEG: it ends before any image data");
      }
      if (pos + 3 >= n) {
        throw truncated("JPEG", "ends inside its headers");
      }
      int length = readUint16(b, pos + 2);
      if (length < 2) {
        throw new InvalidImageException(
            "corrupt JPEG: segment at byte " + pos + " has length " + length);
      }
      if (marker == 0xE1 && orientation == UPRIGHT) {
        orientation = exifOrientation(b, pos + 4, Math.min(n, pos + 2 + length));
      }
      if (isStartOfFrame(marker)) {
        if (pos + 8 >= n) {
          throw truncated("JPEG", "ends inside its frame header");
        }
        height = readUint16(b, pos + 5);
        width = readUint16(b, pos + 7);
      }
      if (marker == 0xDA) { // start of scan: entropy-coded data follows
        if (width <= 0 || height <= 0) {
          throw new InvalidImageException(
              "corrupt JPEG: no usable frame header before the image data");
        }
        if (!hasEndOfImageAfter(b, pos + 2 + length)) {
          throw truncated("JPEG", "ends before its end-of-image marker");
        }
        return new ImageHeader("JPEG", width, height, orientation);
      }
      pos += 2 + length;
    }
  }

  /**
   * The orientation tag (0x0112) of IFD0 in an APP1 segment's payload {@code [from, to)}: {@link
   * #UPRIGHT} when the segment is not EXIF or has no such tag, {@link #UNKNOWN_ORIENTATION} when
   * the EXIF block is malformed.
   */
  static int exifOrientation(byte[] b, int from, int to) {
    byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
    if (to - from < exif.length + 8) {
      return UPRIGHT;
    }
    for (int i = 0; i < exif.length; i++) {
      if (b[from + i] != exif[i]) {
        return UPRIGHT;
      }
    }
    int tiff = from + exif.length;
    boolean little;
    if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
      little = true;
    } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
      little = false;
    } else {
      return UNKNOWN_ORIENTATION;
    }
    long ifd = tiff + (readUint32(b, tiff + 4, little));
    if (ifd + 2 > to) {
      return UNKNOWN_ORIENTATION;
    }
    int entries = readUint16(b, (int) ifd, little);
    for (int i = 0; i < entries; i++) {
      long entry = ifd + 2 + 12L * i;
      if (entry + 12 > to) {
        return UNKNOWN_ORIENTATION;
      }
      int at = (int) entry;
      if (readUint16(b, at, little) == 0x0112) {
        int value = readUint16(b, at + 8, little);
        return value >= 1 && value <= 8 ? value : UNKNOWN_ORIENTATION;
      }
    }
    return UPRIGHT;
  }

  private static int readUint16(byte[] b, int at, boolean little) {
    return little ? (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8) : readUint16(b, at);
  }

  private static long readUint32(byte[] b, int at, boolean little) {
    long value = 0;
    for (int i = 0; i < 4; i++) {
      int shift = little ? 8 * i : 8 * (3 - i);
      value |= (long) (b[at + i] & 0xFF) << shift;
    }
    return value;
  }

  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /** Inside entropy-coded data 0xFF is always stuffed or a restart marker, so FF D9 is the end. */
  private static boolean hasEndOfImageAfter(byte[] b, int from) {
    for (int i = Math.max(from, 0); i + 1 < b.length; i++) {
      if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
        return true;
      }
    }
    return false;
  }

  private static ImageHeader inspectPng(byte[] b) {
    int n = b.length;
    if (n < 33) {
      throw truncated("PNG", "ends inside its header");
    }
    if (readInt32(b, 8) != 13 || !chunkTypeIs(b, 12, "IHDR")) {
      throw new InvalidImageException("corrupt PNG: the first chunk is not a 13-byte IHDR");
    }
    int width = readInt32(b, 16);
    int height = readInt32(b, 20);
    if (width <= 0 || height <= 0) {
      throw new InvalidImageException("corrupt PNG: header says " + width + "x" + height);
    }
    long pos = 8;
    while (pos + 8 <= n) {
      int p = (int) pos;
      long length = readInt32(b, p) & 0xFFFFFFFFL;
      if (chunkTypeIs(b, p + 4, "IEND")) {
        return new ImageHeader("PNG", width, height, UPRIGHT);
      }
      pos += 12 + length;
    }
    throw truncated("PNG", "ends before its IEND chunk");
  }

  private static InvalidImageException truncated(String format, String what) {
    return new InvalidImageException("truncated or corrupt " + format + ": the data " + what);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean chunkTypeIs(byte[] b, int at, String type) {
    for (int i = 0; i < 4; i++) {
      if (b[at + i] != type.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int readUint16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  private static int readInt32(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }

  private static String hexStart(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(4, bytes.length); i++) {
      sb.append(i == 0 ? "" : " ").append(hex(bytes[i]));
    }
    return sb.toString();
  }

  private static String hex(byte value) {
    return String.format("%02X", value & 0xFF);
  }
}
