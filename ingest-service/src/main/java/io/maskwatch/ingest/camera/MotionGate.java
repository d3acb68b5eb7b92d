package io.maskwatch.ingest.camera;

import io.maskwatch.vision.OpenCvLoader;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Decides, frame by frame, whether a camera's sampled frame is worth sending: it is when it differs
 * enough from the last frame sent, or when the last frame sent is {@code keyframeSeconds} old.
 * Frames are compared as small blurred grayscale copies (the JPEG decoded at 1/4 scale, then
 * resized to {@value #WIDTH} pixels wide), by their mean absolute difference: all in OpenCV, cheap
 * next to the JPEG encoding. Not thread-safe: one per camera capture thread.
 */
public final class MotionGate implements AutoCloseable {

  /** Width of the copies compared; the height keeps the aspect. */
  static final int WIDTH = 160;

  private final MotionGating settings;
  private final long keyframeNanos;
  private Mat lastSent;
  private long lastSentNanos;

  public MotionGate(MotionGating settings) {
    OpenCvLoader.ensureLoaded();
    this.settings = settings;
    this.keyframeNanos = (long) (settings.keyframeSeconds() * TimeUnit.SECONDS.toNanos(1));
  }

  /**
   * Whether to send this frame; when it is, it becomes the frame later ones are compared with.
   *
   * @param jpeg the frame as it would be published
   * @param nowNanos {@link System#nanoTime()} now
   */
  public boolean admit(byte[] jpeg, long nowNanos) {
    Mat small = thumbnail(jpeg);
    if (small == null) {
      return true; // not comparable: let the frame through, the encoder checked it decodes
    }
    boolean send =
        lastSent == null
            || nowNanos - lastSentNanos >= keyframeNanos
            || small.size().width != lastSent.size().width
            || small.size().height != lastSent.size().height
            || difference(small, lastSent) >= settings.threshold();
    if (send) {
      if (lastSent != null) {
        lastSent.release();
      }
      lastSent = small;
      lastSentNanos = nowNanos;
    } else {
      small.release();
    }
    return send;
  }

  /** A small blurred grayscale copy of a JPEG; null when it does not decode. */
  public static Mat thumbnail(byte[] jpeg) {
    OpenCvLoader.ensureLoaded();
    MatOfByte encoded = new MatOfByte(jpeg);
    Mat gray = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_REDUCED_GRAYSCALE_4);
    encoded.release();
    if (gray.empty()) {
      gray.release();
      return null;
    }
    int height = Math.max(1, (int) Math.round((double) gray.rows() * WIDTH / gray.cols()));
    Mat small = new Mat();
    Imgproc.resize(gray, small, new Size(WIDTH, height), 0, 0, Imgproc.INTER_AREA);
    gray.release();
    Imgproc.GaussianBlur(small, small, new Size(3, 3), 0);
    return small;
  }

  /** Mean absolute difference of two thumbnails of the same size, in grey levels (0-255). */
  public static double difference(Mat a, Mat b) {
    Mat diff = new Mat();
    Core.absdiff(a, b, diff);
    double mean = Core.mean(diff).val[0];
    diff.release();
    return mean;
  }

  @Override
  public void close() {
    if (lastSent != null) {
      lastSent.release();
      lastSent = null;
    }
  }
}
