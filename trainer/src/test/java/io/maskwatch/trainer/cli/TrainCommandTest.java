package io.maskwatch.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.model.ModelMetadata;
import io.maskwatch.vision.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

  @Test
  void trainsAThreeClassModelAndWritesModelReportAndCurves(@TempDir Path tmp) throws Exception {
    Path faces = SharedData.facesDir();
    Path data = tmp.resolve("data");
    copy(faces.resolve("chandrikadeb7/with_mask"), data.resolve("site-a/with_mask"), 16);
    copy(faces.resolve("chandrikadeb7/without_mask"), data.resolve("site-a/without_mask"), 16);
    copy(
        faces.resolve("maskedface-net/mask_weared_incorrect"),
        data.resolve("site-b/mask_weared_incorrect"),
        16);
    Path out = tmp.resolve("out");

    int exit =
        MaskwatchCli.commandLine()
            .execute(
                "train",
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--classes",
                "3",
                "--epochs",
                "2",
                "--input-size",
                "32",
                "--batch-size",
                "16",
                "--test-fraction",
                "0",
                "--val-fraction",
                "0.25",
                "--landmarks-model",
                SharedData.yunet().toString(),
                "--cache-dir",
                tmp.resolve("cache").toString(),
                "--eval-scenes",
                "none");

    assertThat(exit).isZero();
    ModelMetadata metadata = ModelMetadata.read(out.resolve("model"));
    assertThat(metadata.labels())
        .containsExactly(
            MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK, MaskLabel.MASK_WEARED_INCORRECT);
    assertThat(metadata.inputSize()).isEqualTo(32);
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(report.path("training").path("history")).hasSize(2);
    assertThat(report.path("evaluations").path("validation split").path("total").asInt())
        .isGreaterThan(0);
    assertThat(Files.readString(out.resolve("report.md")))
        .contains("| with_mask |")
        .contains("true \\ predicted");
    BufferedImage curves = ImageIO.read(out.resolve("curves.png").toFile());
    assertThat(curves.getWidth()).isGreaterThan(curves.getHeight());
  }

  @Test
  void refusesANonEmptyOutputFolderBeforeTraining(@TempDir Path tmp) throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("keep.txt"), "an earlier run");
    int exit =
        MaskwatchCli.commandLine()
            .execute("train", "--data", tmp.toString(), "--out", out.toString());
    assertThat(exit).isEqualTo(2);
    assertThat(out.resolve("keep.txt")).hasContent("an earlier run");
  }

  @Test
  void rejectsAClassCountOtherThanTwoOrThree(@TempDir Path tmp) {
    int exit =
        MaskwatchCli.commandLine()
            .execute(
                "train",
                "--data",
                tmp.toString(),
                "--out",
                tmp.resolve("o").toString(),
                "--classes",
                "4");
    assertThat(exit).isEqualTo(2);
  }

  private static void copy(Path from, Path to, int count) throws Exception {
    Files.createDirectories(to);
    List<Path> files = SharedData.spread(from, count);
    for (Path f : files) {
      Files.copy(f, to.resolve(f.getFileName()));
    }
  }
}
