package io.maskwatch.mask.domain;

import io.maskwatch.mask.domain.StageTimer.Stage;
import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.image.InvalidImageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.opencv.core.Mat;

/**
 * Decodes the face crops of one frame, once, on the calling thread, and hands them to the inference
 * pool; the frame's future completes when every face has a prediction. A frame is all or nothing:
 * one crop that cannot be decoded rejects the frame before anything is queued, since a verdict list
 * with a hole would count that person as never seen.
 */
public final class FrameClassifier {

  /** Classifies decoded crops asynchronously ({@link InferencePool}). */
  public interface Faces {
    /** One prediction per crop, in order; the crops stay alive until the future completes. */
    CompletableFuture<List<MaskPrediction>> classify(List<Mat> crops);
  }

  private final Faces classifier;
  private final long maxCropPixels;
  private final StageTimer timer;

  public FrameClassifier(Faces classifier, long maxCropPixels, StageTimer timer) {
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
   * @return one prediction per crop, in the same order; empty at once for no crops
   * @throws InvalidImageException naming the face and the frame when a crop cannot be decoded
   */
  public CompletableFuture<List<MaskPrediction>> classify(String frame, List<byte[]> crops) {
    if (crops.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    List<Mat> decoded = decode(frame, crops);
    long start = System.nanoTime();
    CompletableFuture<List<MaskPrediction>> predictions;
    try {
      predictions = classifier.classify(decoded);
    } catch (RuntimeException e) {
      decoded.forEach(Mat::release);
      throw e;
    }
    return predictions.whenComplete(
        (result, failure) -> {
          decoded.forEach(Mat::release);
          timer.record(Stage.CLASSIFY, System.nanoTime() - start);
          if (result != null && result.size() != crops.size()) {
            throw new IllegalStateException(
                "the classifier gave "
                    + result.size()
                    + " predictions for the "
                    + crops.size()
                    + " faces of "
                    + frame);
          }
        });
  }

  private List<Mat> decode(String frame, List<byte[]> crops) {
    List<Mat> decoded = new ArrayList<>(crops.size());
    try {
      return timer.time(
          Stage.DECODE,
          () -> {
            for (int i = 0; i < crops.size(); i++) {
              decoded.add(Images.decode(crops.get(i), "face " + i + " of " + frame, maxCropPixels));
            }
            return decoded;
          });
    } catch (RuntimeException e) {
      decoded.forEach(Mat::release);
      throw e;
    }
  }
}
