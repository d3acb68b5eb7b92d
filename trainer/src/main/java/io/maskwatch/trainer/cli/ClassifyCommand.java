package io.maskwatch.trainer.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.classify.ClassificationException;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.image.InvalidImageException;
import io.maskwatch.vision.model.InvalidModelException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opencv.core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code maskwatch classify}: the classifier's verdict on face crops given as image files. */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description = {
      "Classify face crops (each IMAGE is one face) as with_mask, without_mask or"
          + " mask_weared_incorrect.",
      "Exit status: 0 all classified, 1 some image could not be read, 3 the model could not be"
          + " loaded."
    })
final class ClassifyCommand implements Callable<Integer> {

  static final int EXIT_IMAGE_ERROR = 1;
  static final int EXIT_MODEL_ERROR = 3;
  static final String DEFAULT_MODEL = "models/mask-classifier";

  /** The shipped model, under the repository root. */
  static Path defaultModelDir() {
    return MaskwatchCli.home().resolve(DEFAULT_MODEL);
  }

  /** Crops per session call: amortises the call without holding many decoded images. */
  private static final int BATCH = 16;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "Exported classifier directory (default: " + DEFAULT_MODEL + " in the repo).")
  private Path model;

  @Option(names = "--json", description = "Print a JSON array instead of aligned columns.")
  private boolean json;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "JPEG or PNG face crops.")
  private List<Path> images;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path modelDir = model != null ? model : defaultModelDir();
    List<Result> results;
    try (MaskClassifier classifier = MaskClassifier.load(modelDir);
        MaskPredictor predictor = classifier.newPredictor()) {
      results = classifyAll(predictor);
    } catch (InvalidModelException e) {
      err.println("maskwatch classify: cannot load the model: " + e.getMessage());
      if (model == null) {
        err.println("  (pass --model DIR, or train one into " + modelDir + ")");
      }
      return EXIT_MODEL_ERROR;
    }
    for (Result result : results) {
      if (result.error() != null) {
        err.println("maskwatch classify: " + result.error());
      }
    }
    out.print(json ? toJson(results) : toColumns(results));
    out.flush();
    boolean anyFailed = results.stream().anyMatch(r -> r.error() != null);
    return anyFailed ? EXIT_IMAGE_ERROR : 0;
  }

  private List<Result> classifyAll(MaskPredictor predictor) {
    List<Result> results = new ArrayList<>();
    List<Path> pendingPaths = new ArrayList<>();
    List<Mat> pendingCrops = new ArrayList<>();
    for (Path image : images) {
      try {
        pendingCrops.add(Images.read(image));
        pendingPaths.add(image);
        results.add(null); // filled in when its batch runs
      } catch (InvalidImageException | UncheckedIOException e) {
        results.add(Result.failed(image, e.getMessage()));
      }
      if (pendingCrops.size() == BATCH) {
        flush(predictor, pendingPaths, pendingCrops, results);
      }
    }
    flush(predictor, pendingPaths, pendingCrops, results);
    return results;
  }

  private static void flush(
      MaskPredictor predictor, List<Path> paths, List<Mat> crops, List<Result> results) {
    if (crops.isEmpty()) {
      return;
    }
    List<Result> done = new ArrayList<>();
    try {
      List<MaskPrediction> predictions = predictor.classifyBatch(crops);
      for (int i = 0; i < crops.size(); i++) {
        done.add(Result.of(paths.get(i), predictions.get(i)));
      }
    } catch (ClassificationException e) {
      paths.forEach(
          p -> done.add(Result.failed(p, p + ": classification failed: " + e.getMessage())));
    }
    int next = 0;
    for (int i = 0; i < results.size() && next < done.size(); i++) {
      if (results.get(i) == null) {
        results.set(i, done.get(next++));
      }
    }
    crops.forEach(Mat::release);
    crops.clear();
    paths.clear();
  }

  private static String toColumns(List<Result> results) {
    int pathWidth = 0;
    int labelWidth = 0;
    for (Result r : results) {
      if (r.error() == null) {
        pathWidth = Math.max(pathWidth, r.image().length());
        labelWidth = Math.max(labelWidth, r.label().length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (Result r : results) {
      if (r.error() == null) {
        sb.append(
            String.format(
                Locale.ROOT,
                "%-" + pathWidth + "s  %-" + labelWidth + "s  %.4f%n",
                r.image(),
                r.label(),
                r.confidence()));
      }
    }
    return sb.toString();
  }

  private static String toJson(List<Result> results) {
    try {
      return JSON.writeValueAsString(results) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write results as JSON", e);
    }
  }

  /** One line of output: a prediction, or the reason the image could not be classified. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"image", "label", "confidence", "probabilities", "error"})
  record Result(
      String image,
      String label,
      Float confidence,
      Map<String, Float> probabilities,
      String error) {

    static Result of(Path image, MaskPrediction prediction) {
      Map<String, Float> probabilities = new LinkedHashMap<>();
      for (Map.Entry<MaskLabel, Float> e : prediction.probabilities().entrySet()) {
        probabilities.put(e.getKey().wireName(), e.getValue());
      }
      return new Result(
          image.toString(),
          prediction.label().wireName(),
          prediction.confidence(),
          probabilities,
          null);
    }

    static Result failed(Path image, String message) {
      return new Result(image.toString(), null, null, null, message);
    }
  }
}
