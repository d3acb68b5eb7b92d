package io.maskwatch.vision.image;

import io.maskwatch.vision.OpenCvLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes JPEG and PNG into BGR {@code CV_8UC3} Mats. Never returns an empty Mat: bytes that are
 * not a whole image fail with an {@link InvalidImageException} that says why.
 *
 * <p>JPEGs go through the system's libjpeg-turbo ({@link TurboJpeg}, ~3x faster than OpenCV's
 * built-in libjpeg on a 720p frame, the same pixels) when {@code libturbojpeg.so.0} is installed,
 * except those whose EXIF says they are stored rotated (OpenCV turns them upright) and those it
 * refuses (OpenCV then decides, with its own error). {@code MASKWATCH_JPEG_DECODER=opencv} (or the
 * system property {@code maskwatch.jpeg-decoder}) keeps every JPEG on OpenCV's decoder.
 */
public final class Images {

  private static final Logger LOG = LoggerFactory.getLogger(Images.class);

  /**
   * The environment variable that picks the JPEG decoder: {@code auto} (default) or {@code opencv}.
   */
  public static final String DECODER_ENV = "MASKWATCH_JPEG_DECODER";

  /** The system property that picks the JPEG decoder; it wins over {@link #DECODER_ENV}. */
  public static final String DECODER_PROPERTY = "maskwatch.jpeg-decoder";

  /** Larger than any camera frame we expect (8K is 33 MP); guards against decompression bombs. */
  public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

  private Images() {}

  /** Decodes with the default pixel limit; see {@link #decode(byte[], String, long)}. */
  public static Mat decode(byte[] bytes) {
    return decode(bytes, "image", DEFAULT_MAX_PIXELS);
  }

  /**
   * @param source names the bytes in error messages (a file name, "frame 12 of camera-3")
   * @param maxPixels the largest width × height accepted, checked before decoding
   * @return a new BGR Mat the caller owns
   * @throws InvalidImageException when the bytes are empty, not a JPEG or PNG, truncated or
   *     corrupt, or larger than {@code maxPixels}
   */
  public static Mat decode(byte[] bytes, String source, long maxPixels) {
    if (bytes == null || bytes.length == 0) {
      throw new InvalidImageException(source + ": empty (0 bytes)");
    }
    ImageHeader header;
    try {
      header = ImageHeader.inspect(bytes);
    } catch (InvalidImageException e) {
      throw new InvalidImageException(source + ": " + e.getMessage(), e);
    }
    if (header.pixels() > maxPixels) {
      throw new InvalidImageException(
          String.format(
              "%s: too large: %dx%d is %d pixels, more than the limit of %d",
              source, header.width(), header.height(), header.pixels(), maxPixels));
    }
    OpenCvLoader.ensureLoaded();
    if ("JPEG".equals(header.format()) && header.orientation() == ImageHeader.UPRIGHT) {
      Optional<TurboJpeg> turbo = Decoder.TURBO;
      if (turbo.isPresent()) {
        TurboJpeg.Result result = turbo.get().decodeBgr(bytes, header.width(), header.height());
        if (result.ok()) {
          return result.image();
        }
        LOG.debug("{}: libjpeg-turbo refused it ({}); trying OpenCV", source, result.error());
      }
    }
    MatOfByte encoded = new MatOfByte(bytes);
    try {
      Mat image = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_COLOR);
      if (image.empty()) {
        throw new InvalidImageException(
            source + ": corrupt " + header.format() + ": OpenCV could not decode it");
      }
      return image;
    } finally {
      encoded.release();
    }
  }

  /**
   * JPEG-encodes an image as OpenCV's {@code imencode(".jpg")} would (4:2:0, accurate DCT): a BGR
   * {@code CV_8UC3} one through libjpeg-turbo when JPEGs are decoded by it (~3x faster), anything
   * else through OpenCV.
   *
   * @throws IllegalArgumentException for an empty image or a quality outside 1..100
   */
  public static byte[] encodeJpeg(Mat image, int quality) {
    if (image == null || image.empty()) {
      throw new IllegalArgumentException("cannot JPEG-encode an empty image");
    }
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality must be within 1..100, got " + quality);
    }
    OpenCvLoader.ensureLoaded();
    if (Decoder.TURBO.isPresent() && image.type() == CvType.CV_8UC3 && image.isContinuous()) {
      byte[] jpeg = Decoder.TURBO.get().encodeBgr(image, quality);
      if (jpeg != null) {
        return jpeg;
      }
    }
    MatOfByte out = new MatOfByte();
    MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality);
    try {
      if (!Imgcodecs.imencode(".jpg", image, out, params)) {
        throw new IllegalStateException(
            "OpenCV could not JPEG-encode a " + image.cols() + "x" + image.rows() + " image");
      }
      return out.toArray();
    } finally {
      out.release();
      params.release();
    }
  }

  /**
   * Which decoder upright JPEGs get, for start-up logs: {@code "libjpeg-turbo (libturbojpeg.so.0)"}
   * or {@code "OpenCV"} with the reason.
   */
  public static String jpegDecoder() {
    return Decoder.DESCRIPTION;
  }

  /** Picks the JPEG decoder once per JVM, and says which in one log line. */
  private static final class Decoder {
    static final Optional<TurboJpeg> TURBO;
    static final String DESCRIPTION;

    static {
      String wanted = System.getProperty(DECODER_PROPERTY, System.getenv(DECODER_ENV));
      wanted = wanted == null || wanted.isBlank() ? "auto" : wanted.trim().toLowerCase(Locale.ROOT);
      if (!wanted.equals("auto") && !wanted.equals("opencv")) {
        LOG.warn(
            "{}/{} is '{}', which is neither auto nor opencv; using auto",
            DECODER_ENV,
            DECODER_PROPERTY,
            wanted);
        wanted = "auto";
      }
      if (wanted.equals("opencv")) {
        TURBO = Optional.empty();
        DESCRIPTION = "OpenCV (chosen by " + DECODER_ENV + "/" + DECODER_PROPERTY + ")";
      } else {
        TURBO = TurboJpeg.load();
        DESCRIPTION =
            TURBO.isPresent()
                ? "libjpeg-turbo (" + TurboJpeg.LIBRARY + ")"
                : "OpenCV ("
                    + TurboJpeg.LIBRARY
                    + " not loadable: "
                    + TurboJpeg.unavailableReason()
                    + "; install Debian's libturbojpeg0 for ~3x faster JPEG decoding)";
      }
      LOG.info("JPEG decoding: {}", DESCRIPTION);
    }
  }

  /** Reads and decodes a file with the default pixel limit. */
  public static Mat read(Path file) {
    return read(file, DEFAULT_MAX_PIXELS);
  }

  /**
   * @throws InvalidImageException when the file is missing, not a regular file, or its bytes are
   *     not a usable image (the message starts with the path)
   * @throws UncheckedIOException when the file exists but cannot be read
   */
  public static Mat read(Path file, long maxPixels) {
    if (Files.isDirectory(file)) {
      throw new InvalidImageException(file + ": is a directory, not an image file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidImageException(file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return decode(bytes, file.toString(), maxPixels);
  }
}
