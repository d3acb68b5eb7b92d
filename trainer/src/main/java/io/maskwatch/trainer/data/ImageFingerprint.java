package io.maskwatch.trainer.data;

import io.maskwatch.vision.OpenCvLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * What identifies an image for de-duplication: the SHA-256 of its bytes (exact copies), a 64-bit
 * difference hash of the whole image (near copies: re-encoded, resized, lightly edited) and one of
 * its upper half (the same photo with a mask pasted on: prajnasb's masked faces are chandrikadeb7's
 * unmasked photos with a mask drawn over the lower half).
 *
 * <p>The difference hash shrinks the grey image to 9x8 and sets one bit per horizontally adjacent
 * pair, 1 where the left pixel is brighter; small edits flip few bits.
 */
public record ImageFingerprint(String sha256, long dHash, long upperDHash) {

  public static ImageFingerprint of(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read image " + file, e);
    }
    OpenCvLoader.ensureLoaded();
    MatOfByte encoded = new MatOfByte(bytes);
    Mat gray = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_GRAYSCALE);
    encoded.release();
    if (gray.empty()) {
      throw new IllegalArgumentException("Not a readable image: " + file);
    }
    long hash = differenceHash(gray);
    Mat upper = gray.submat(0, Math.max(1, gray.rows() / 2), 0, gray.cols());
    long upperHash = differenceHash(upper);
    upper.release();
    gray.release();
    return new ImageFingerprint(sha256Hex(bytes), hash, upperHash);
  }

  /** The 64-bit difference hash of a grey (CV_8UC1) image. */
  public static long differenceHash(Mat gray) {
    Mat thumb = new Mat();
    Imgproc.resize(gray, thumb, new Size(9, 8), 0, 0, Imgproc.INTER_AREA);
    byte[] px = new byte[72];
    thumb.get(0, 0, px);
    thumb.release();
    long hash = 0;
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        int left = px[y * 9 + x] & 0xff;
        int right = px[y * 9 + x + 1] & 0xff;
        hash = (hash << 1) | (left > right ? 1 : 0);
      }
    }
    return hash;
  }

  public int distance(ImageFingerprint other) {
    return Long.bitCount(dHash ^ other.dHash);
  }

  public int upperDistance(ImageFingerprint other) {
    return Long.bitCount(upperDHash ^ other.upperDHash);
  }

  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
