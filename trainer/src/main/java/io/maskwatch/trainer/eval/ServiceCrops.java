package io.maskwatch.trainer.eval;

import io.maskwatch.vision.image.FaceCrops;
import io.maskwatch.vision.image.Images;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect2d;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * A face as mask-service receives it from face-service: {@link FaceCrops} with a 10 % margin, made
 * square, resized to 128 px (area interpolation when shrinking, bilinear when enlarging),
 * JPEG-encoded at quality 90 (the Faces message carries JPEG) and decoded again with {@link
 * Images#decode}. Mirrors face-service's {@code FaceCropper} with its default configuration.
 */
public final class ServiceCrops {

  public static final double MARGIN = 0.10;
  public static final int SIZE = 128;
  public static final int JPEG_QUALITY = 90;

  private ServiceCrops() {}

  /** The BGR crop the classifier reads; a new Mat the caller releases. */
  public static Mat classifierInput(Mat frame, VocAnnotation.BoundingBox box) {
    Mat face =
        FaceCrops.crop(
            frame, new Rect2d(box.xmin(), box.ymin(), box.width(), box.height()), MARGIN, true);
    Mat resized = new Mat();
    MatOfByte jpeg = new MatOfByte();
    MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY);
    try {
      int interpolation =
          face.cols() >= SIZE && face.rows() >= SIZE ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR;
      Imgproc.resize(face, resized, new Size(SIZE, SIZE), 0, 0, interpolation);
      if (!Imgcodecs.imencode(".jpg", resized, jpeg, params)) {
        throw new IllegalStateException("OpenCV could not JPEG-encode a face crop");
      }
      return Images.decode(jpeg.toArray(), "face crop", Images.DEFAULT_MAX_PIXELS);
    } finally {
      face.release();
      resized.release();
      jpeg.release();
      params.release();
    }
  }
}
