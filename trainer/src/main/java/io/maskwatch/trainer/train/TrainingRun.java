package io.maskwatch.trainer.train;

import io.maskwatch.trainer.data.DatasetSplit;
import io.maskwatch.trainer.data.LabeledImage;
import io.maskwatch.trainer.data.SplitPart;
import io.maskwatch.trainer.data.TrainingSet;
import io.maskwatch.trainer.eval.ClassificationMetrics;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.model.ModelMetadata;
import io.maskwatch.vision.model.SavedModelWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Trains one architecture on a prepared training set and writes its SavedModel ({@code model/}),
 * {@code report.json}, {@code report.md} and {@code curves.png} into one folder.
 */
public final class TrainingRun {

  /** Where a run left its files and what it measured. */
  public record Outcome(Path dir, Path modelDir, TrainingReport report) {}

  /** Extra evaluations of an exported model, e.g. crops of real scenes, by name. */
  public interface ModelEvaluator extends Function<Path, Map<String, ClassificationMetrics>> {}

  private final PrintStream out;

  public TrainingRun(PrintStream out) {
    this.out = out;
  }

  public Outcome run(
      ModelBody body,
      TrainingSet trainingSet,
      DatasetSplit split,
      TrainConfig config,
      Path dir,
      String name,
      String version,
      Map<String, Object> settings,
      ModelEvaluator extraEvaluations)
      throws IOException {
    List<MaskLabel> classes = split.classes();
    out.printf(
        "training %s (%d classes, input %d px) -> %s%n",
        body.architecture(), classes.size(), body.inputSize(), dir);
    ImageSet validation = plainSet(split.val(), classes);
    long started = System.nanoTime();
    try (ClassifierGraph model = new ClassifierGraph(body, classes.size(), config.learningRate());
        Trainer trainer = new Trainer(model, config, out)) {
      TrainingResult result =
          trainer.fit(
              epoch ->
                  new ListImageSet<>(
                      trainingSet.epoch(epoch),
                      example -> classes.indexOf(example.label()),
                      (example, random) -> trainingSet.load(example, random, true)),
              validation,
              trainingSet.classWeights());
      double seconds = (System.nanoTime() - started) / 1e9;

      Map<String, ClassificationMetrics> evaluations = new LinkedHashMap<>();
      evaluations.put(
          "validation split", metrics(trainer.predict(validation), validation, classes));
      if (!split.test().isEmpty()) {
        ImageSet test = plainSet(split.test(), classes);
        evaluations.put("test split", metrics(trainer.predict(test), test, classes));
      }

      Map<String, Object> details = new LinkedHashMap<>(settings);
      details.put("bestEpoch", result.bestEpoch());
      ModelMetadata metadata =
          new ModelMetadata(
              name,
              version,
              classes,
              body.inputSize(),
              body.architecture(),
              Instant.now(),
              details);
      Path modelDir = dir.resolve("model");
      String sha256 =
          SavedModelWriter.export(
              trainer.session(), model.images(), model.probabilities(), metadata, modelDir);
      // Record the digest in the metadata too (the digest does not cover that file), so a copy
      // of the model can be checked against what was trained.
      details.put("sha256", sha256);
      new ModelMetadata(
              metadata.name(),
              metadata.version(),
              metadata.labels(),
              metadata.inputSize(),
              metadata.architecture(),
              metadata.created(),
              details)
          .write(modelDir);
      out.printf("exported %s (sha256 %s)%n", modelDir, sha256);

      evaluations.putAll(extraEvaluations.apply(modelDir));
      Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
      for (SplitPart part : SplitPart.values()) {
        Map<String, Integer> byLabel = new LinkedHashMap<>();
        split.counts(part).forEach((label, n) -> byLabel.put(label.wireName(), n));
        counts.put(part.folderName(), byLabel);
      }
      Map<String, Integer> epochCounts = new LinkedHashMap<>();
      trainingSet.epochCounts().forEach((label, n) -> epochCounts.put(label.wireName(), n));
      counts.put("train per epoch (with synthetic)", epochCounts);

      TrainingReport report =
          new TrainingReport(
              body.architecture(), sha256, settings, counts, result, evaluations, seconds);
      report.write(dir);
      CurvesPlot.write(result.history(), result.bestEpoch(), dir.resolve("curves.png"));
      for (Map.Entry<String, ClassificationMetrics> e : evaluations.entrySet()) {
        out.printf("%n%s%n%s%n", e.getKey(), e.getValue().toMarkdown());
      }
      return new Outcome(dir, modelDir, report);
    }
  }

  private static ImageSet plainSet(List<LabeledImage> images, List<MaskLabel> classes) {
    return new ListImageSet<>(
        images, image -> classes.indexOf(image.label()), (image, random) -> image.read());
  }

  private static ClassificationMetrics metrics(
      float[][] probabilities, ImageSet set, List<MaskLabel> classes) {
    int[] truth = new int[set.size()];
    int[] predicted = new int[set.size()];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = set.classIndex(i);
      float[] row = probabilities[i];
      int best = 0;
      for (int c = 1; c < row.length; c++) {
        if (row[c] > row[best]) {
          best = c;
        }
      }
      predicted[i] = best;
    }
    return ClassificationMetrics.ofIndices(
        classes.stream().map(MaskLabel::wireName).toList(), truth, predicted);
  }
}
