package io.maskwatch.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.maskwatch.trainer.eval.GtClassification;
import io.maskwatch.trainer.eval.GtClassification.FacePrediction;
import io.maskwatch.trainer.eval.GtCrops;
import io.maskwatch.trainer.eval.VocAnnotation.BoundingBox;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.classify.MaskClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maskwatch evaluate}: judges the classifier on annotated real scenes. Writes the
 * predictions in the evaluation JSON form other tools can score, and the metrics beside them.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates on images with PASCAL-VOC annotations (e.g. ../shared/data/scenes/kaggle853-dev).",
      "classify-gt: the classifier alone, on the annotated face boxes (10 % margin, faces of at",
      "least --min-face px)."
    })
public final class EvaluateCommand implements Callable<Integer> {

  /** The modes this build supports. */
  enum Mode {
    classify_gt
  }

  @Option(
      names = "--scenes",
      required = true,
      description = "Folder with images/ and annotations/.")
  private Path scenes;

  @Option(
      names = "--mode",
      defaultValue = "classify-gt",
      converter = ModeConverter.class,
      description = "classify-gt")
  private Mode mode;

  @Option(names = "--model", description = "SavedModel folder (default models/mask-classifier).")
  private Path model;

  @Option(names = "--min-face", defaultValue = "16", description = "Skip faces smaller (px).")
  private int minFace;

  @Option(names = "--out", required = true, description = "Predictions JSON to write.")
  private Path out;

  @Override
  public Integer call() throws IOException {
    OpenCvLoader.ensureLoaded();
    Path modelDir = model != null ? model : ClassifyCommand.defaultModelDir();
    GtCrops.Result faces =
        GtCrops.load(scenes, null, new GtCrops.Options(0.10, minFace, GtCrops.CropShape.SQUARE));
    GtClassification.Result result;
    try (MaskClassifier classifier = MaskClassifier.load(modelDir)) {
      System.out.printf(
          "model %s %s (%s), sha256 %s%n",
          classifier.metadata().name(),
          classifier.metadata().version(),
          classifier.metadata().architecture(),
          classifier.sha256());
      System.out.printf(
          "%d faces annotated, %d under %d px skipped, %d classified%n",
          faces.totalFaces(), faces.skippedSmall(), minFace, faces.crops().size());
      result = GtClassification.evaluate(classifier, faces, System.out);
    } finally {
      faces.crops().forEach(c -> c.crop().release());
    }
    System.out.println(result.metrics().toMarkdown());
    System.out.printf(
        "%.2f ms per face (batches of 32, this process's threads)%n", result.millisPerFace());
    writePredictions(result.predictions());
    Path metricsFile = metricsPath(out);
    json().writeValue(metricsFile.toFile(), result.metrics());
    System.out.printf("wrote %s and %s%n", out, metricsFile);
    return 0;
  }

  private void writePredictions(List<FacePrediction> predictions) throws IOException {
    Map<String, List<Map<String, Object>>> byImage = new LinkedHashMap<>();
    for (FacePrediction p : predictions) {
      BoundingBox b = p.face().box();
      Map<String, Object> face = new LinkedHashMap<>();
      face.put("box", List.of(b.xmin(), b.ymin(), b.xmax(), b.ymax()));
      face.put("score", 1.0);
      face.put("label", p.prediction().label().wireName());
      face.put("label_score", p.prediction().confidence());
      byImage.computeIfAbsent(p.face().imageBasename(), k -> new ArrayList<>()).add(face);
    }
    List<Map<String, Object>> images = new ArrayList<>();
    byImage.forEach((image, faces) -> images.add(Map.of("image", image, "faces", faces)));
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    json().writeValue(out.toFile(), Map.of("images", images));
  }

  private static Path metricsPath(Path predictions) {
    String name = predictions.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return predictions.resolveSibling(stem + ".metrics.json");
  }

  private static ObjectMapper json() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** Accepts the documented spelling {@code classify-gt}. */
  static final class ModeConverter implements picocli.CommandLine.ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      return Mode.valueOf(value.replace('-', '_'));
    }
  }
}
