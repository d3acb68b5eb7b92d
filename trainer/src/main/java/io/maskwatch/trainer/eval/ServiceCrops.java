package io.maskwatch.trainer.eval;

import io.maskwatch.vision.image.FaceCrops;
import io.maskwatch.vision.image.Images;
import org.opencv.core.Mat;
import org.opencv.core.Rect2d;

/**
 * A face as mask-service receives it from face-service: {@link FaceCrops} with a 10 % margin, made
 * square, resized to 128 px (area interpolation when shrinking, bilinear when enlarging),
 * JPEG-encoded at quality 90 (the Faces message carries JPEG) and decoded again with {@link
 * Images#decode}: {@link FaceCrops#squareJpeg}, the method face-service's {@code FaceCropper}
 * calls, with its default configuration.
 */
public final class ServiceCrops {

  public static final double MARGIN = 0.10;
  public static final int SIZE = 128;
  public static final int JPEG_QUALITY = 90;

  private ServiceCrops() {}

  /** The BGR crop the classifier reads; a new Mat the caller releases. */
  public static Mat classifierInput(Mat frame, VocAnnotation.BoundingBox box) {
    byte[] jpeg =
        FaceCrops.squareJpeg(
            frame,
            new Rect2d(box.xmin(), box.ymin(), box.width(), box.height()),
            MARGIN,
            SIZE,
            JPEG_QUALITY);
    return Images.decode(jpeg, "face crop", Images.DEFAULT_MAX_PIXELS);
  }
}
