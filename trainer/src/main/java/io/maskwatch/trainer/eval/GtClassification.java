package io.maskwatch.trainer.eval;

import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.classify.MaskPredictor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges the classifier alone on real scenes: every annotated face (of at least the minimum size)
 * is cut out with a margin and classified through the served code path (DJL, the SavedModel). A
 * 2-class model is scored with {@code mask_weared_incorrect} faces counted as {@code without_mask},
 * i.e. as violations, which is what a 2-class model can at best call them.
 */
public final class GtClassification {

  private static final int BATCH = 32;

  /** One face: where it was, what the annotation says, what the model said. */
  public record FacePrediction(GtCrop face, MaskPrediction prediction) {}

  /** All predictions and their metrics. */
  public record Result(
      List<FacePrediction> predictions,
      ClassificationMetrics metrics,
      int totalFaces,
      int skippedSmall,
      double millisPerFace) {}

  private GtClassification() {}

  public static Result evaluate(
      MaskClassifier classifier, GtCrops.Result faces, PrintStream progress) {
    List<MaskLabel> labels = classifier.metadata().labels();
    List<FacePrediction> predictions = new ArrayList<>();
    List<GtCrop> crops = faces.crops();
    long started = System.nanoTime();
    try (MaskPredictor predictor = classifier.newPredictor()) {
      for (int start = 0; start < crops.size(); start += BATCH) {
        List<GtCrop> batch = crops.subList(start, Math.min(crops.size(), start + BATCH));
        List<MaskPrediction> out =
            predictor.classifyBatch(batch.stream().map(GtCrop::crop).toList());
        for (int i = 0; i < batch.size(); i++) {
          predictions.add(new FacePrediction(batch.get(i), out.get(i)));
        }
        progress.printf("\rclassified %d/%d faces", predictions.size(), crops.size());
      }
    }
    progress.println();
    double millis = (System.nanoTime() - started) / 1e6 / Math.max(1, crops.size());
    List<String> classNames = labels.stream().map(MaskLabel::wireName).toList();
    List<String> truth = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    for (FacePrediction p : predictions) {
      truth.add(scoredAs(p.face().label(), labels).wireName());
      predicted.add(p.prediction().label().wireName());
    }
    return new Result(
        List.copyOf(predictions),
        ClassificationMetrics.of(classNames, truth, predicted),
        faces.totalFaces(),
        faces.skippedSmall(),
        millis);
  }

  /** The label a face is scored against, given the classes the model knows. */
  static MaskLabel scoredAs(MaskLabel truth, List<MaskLabel> modelLabels) {
    if (modelLabels.contains(truth)) {
      return truth;
    }
    if (truth.isViolation() && modelLabels.contains(MaskLabel.WITHOUT_MASK)) {
      return MaskLabel.WITHOUT_MASK;
    }
    throw new IllegalArgumentException(
        "the model's classes " + modelLabels + " cannot score a " + truth.wireName() + " face");
  }

  /** Loads the model, cuts the faces and evaluates; the convenience the trainer uses. */
  public static Result evaluate(
      Path modelDir, Path sceneDir, GtCrops.Options options, PrintStream progress)
      throws java.io.IOException {
    GtCrops.Result faces = GtCrops.load(sceneDir, null, options);
    try (MaskClassifier classifier = MaskClassifier.load(modelDir)) {
      return evaluate(classifier, faces, progress);
    } finally {
      faces.crops().forEach(c -> c.crop().release());
    }
  }
}
