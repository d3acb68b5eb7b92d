package io.maskwatch.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.trainer.backbone.TestResources;
import io.maskwatch.vision.detect.BlazeFaceModel;
import io.maskwatch.vision.detect.YuNetModels;
import io.maskwatch.vision.io.Downloads;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maskwatch models} in-process: installing a YuNet copy, a download that cannot happen (the
 * build machines reach no GitHub host; a closed loopback port stands in), and the fallback it then
 * reports.
 */
class ModelsCommandTest {

  @TempDir Path temp;

  private static Path yunetCopy() {
    Path copy = TestResources.sharedDir().resolve("models/face/yunet-legacy.onnx");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isRegularFile(copy), "no YuNet copy at " + copy + ": skipping");
    return copy;
  }

  @Test
  void installsASuppliedYuNetCopyAndSaysFaceServiceWillUseIt() throws IOException {
    Path copy = yunetCopy();
    Path dir = temp.resolve("models");

    CliRun run =
        CliRun.of(
            "models",
            "--yunet",
            copy.toString(),
            "--dir",
            dir.toString(),
            "--human-models",
            temp.resolve("no-weights").toString(),
            "--skip-blazeface");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(dir.resolve(YuNetModels.INSTALLED_NAME)).hasSameBinaryContentAs(copy);
    assertThat(run.out())
        .contains("SHA-256 " + Downloads.sha256Hex(copy) + " (not the official file)")
        .contains("will use YuNet");
    assertThat(run.err()).contains("is not the official " + YuNetModels.OFFICIAL_FILE);
  }

  @Test
  void aCopyThatIsNotAYuNetModelIsRefused() throws IOException {
    Path notAModel = Files.writeString(temp.resolve("model.onnx"), "no graph here");

    CliRun run =
        CliRun.of("models", "--yunet", notAModel.toString(), "--dir", temp.resolve("m").toString());

    assertThat(run.exitCode()).isEqualTo(ModelsCommand.EXIT_BAD_COPY);
    assertThat(run.err()).contains("is not a YuNet model this OpenCV can run, nothing installed");
    assertThat(temp.resolve("m").resolve(YuNetModels.INSTALLED_NAME)).doesNotExist();
  }

  @Test
  void withoutTheNetworkItFallsBackToBlazeFaceAndSaysWhy() throws IOException {
    Path weights = TestResources.modelsDir();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isRegularFile(weights.resolve(BlazeFaceModel.FULL.file() + ".json")),
        "no BlazeFace weights in " + weights + ": skipping");
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    CliRun run =
        CliRun.of(
            "models",
            "--dir",
            temp.resolve("models").toString(),
            "--yunet-url",
            "http://127.0.0.1:" + closed + "/face_detection_yunet_2023mar.onnx",
            "--human-models",
            weights.toString(),
            "--connect-timeout",
            "3");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.err()).contains("cannot download").contains("./maskwatch models --yunet FILE");
    assertThat(run.out())
        .contains("YuNet      not installed")
        .contains("BlazeFace  weights present")
        .contains("will use BlazeFace: YuNet could not be had");
  }

  @Test
  void statusWithNothingInstalledLeavesOnlyHaar() {
    CliRun run =
        CliRun.of(
            "models",
            "--status",
            "--dir",
            temp.resolve("models").toString(),
            "--human-models",
            temp.resolve("no-weights").toString());

    assertThat(run.exitCode()).isEqualTo(ModelsCommand.EXIT_ONLY_HAAR);
    assertThat(run.out())
        .contains("will use the Haar cascade: no YuNet installed")
        .contains("the BlazeFace weights are missing");
    assertThat(temp.resolve("models")).doesNotExist();
  }
}
