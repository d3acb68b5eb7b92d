package io.maskwatch.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.maskwatch.trainer.eval.ClassificationMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training run produced and how good it is: the report.json / report.md pair. Each
 * evaluation (validation split, test split, real-scene crops) is named, so a reader never confuses
 * the training distribution with real photos.
 */
public record TrainingReport(
    String architecture,
    String modelSha256,
    Map<String, Object> settings,
    Map<String, Map<String, Integer>> splitCounts,
    TrainingResult training,
    Map<String, ClassificationMetrics> evaluations,
    double trainSeconds) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve("report.json").toFile(), this);
    Files.writeString(dir.resolve("report.md"), toMarkdown());
  }

  public String toMarkdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Training report: ").append(architecture).append("\n\n");
    md.append("Model sha256: `").append(modelSha256).append("`\n\n");
    md.append("## Settings\n\n| setting | value |\n| --- | --- |\n");
    settings.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\n## Data\n\n| part | counts |\n| --- | --- |\n");
    splitCounts.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\n## Training\n\n");
    md.append(
        String.format(
            "%d epochs in %s, best epoch %d%s.%n%n",
            training.history().size(),
            Trainer.formatDuration(trainSeconds),
            training.bestEpoch(),
            training.stoppedEarly() ? " (stopped early)" : ""));
    md.append(
        "| epoch | loss | acc | val_loss | val_acc | s |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (EpochStats e : training.history()) {
      md.append(
          String.format(
              "| %d | %.4f | %.4f | %.4f | %.4f | %.0f |%n",
              e.epoch(),
              e.trainLoss(),
              e.trainAccuracy(),
              e.valLoss(),
              e.valAccuracy(),
              e.seconds()));
    }
    for (Map.Entry<String, ClassificationMetrics> e : evaluations.entrySet()) {
      md.append("\n## Evaluation: ").append(e.getKey()).append("\n\n");
      md.append(e.getValue().toMarkdown()).append("\n");
    }
    return md.toString();
  }

  /** Ordered settings map builder, so report.md lists them in a stable order. */
  public static Map<String, Object> settings(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
