package io.maskwatch.mask.domain;

import io.maskwatch.mask.domain.StageTimer.Stage;
import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.image.InvalidImageException;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Decodes the face crops of one frame and classifies them together, so a frame's faces cost one
 * session call. A frame is all or nothing: one crop that cannot be decoded rejects the frame, since
 * a verdict list with a hole would count that person as never seen.
 */
public final class FrameClassifier {

  private final CropClassifier classifier;
  private final long maxCropPixels;
  private final StageTimer timer;

  public FrameClassifier(CropClassifier classifier, long maxCropPixels, StageTimer timer) {
    if (maxCropPixels <= 0) {
      throw new IllegalArgumentException("maxCropPixels must be positive, got " + maxCropPixels);
    }
    this.classifier = classifier;
    this.maxCropPixels = maxCropPixels;
    this.timer = timer;
  }

  /**
   * @param frame names the frame in error messages ("frame f-12 of camera cam-3")
   * @param crops the encoded (JPEG or PNG) face crops, in face order
   * @return one prediction per crop, in the same order; empty for no crops
   * @throws InvalidImageException naming the face and the frame when a crop cannot be decoded
   */
  public List<MaskPrediction> classify(String frame, List<byte[]> crops) {
    if (crops.isEmpty()) {
      return List.of();
    }
    List<Mat> decoded = new ArrayList<>(crops.size());
    try {
      timer.time(
          Stage.DECODE,
          () -> {
            for (int i = 0; i < crops.size(); i++) {
              decoded.add(Images.decode(crops.get(i), "face " + i + " of " + frame, maxCropPixels));
            }
            return decoded;
          });
      List<MaskPrediction> predictions =
          timer.time(Stage.CLASSIFY, () -> classifier.classify(decoded));
      if (predictions.size() != crops.size()) {
        throw new IllegalStateException(
            "the classifier gave "
                + predictions.size()
                + " predictions for the "
                + crops.size()
                + " faces of "
                + frame);
      }
      return predictions;
    } finally {
      decoded.forEach(Mat::release);
    }
  }
}
