package io.maskwatch.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.model.ModelMetadata;
import io.maskwatch.vision.testing.SharedData;
import io.maskwatch.vision.testing.TinyClassifierGraph;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

/** Runs {@code maskwatch ensemble} in-process on exported models of another graph shape. */
class EnsembleCommandTest {

  @TempDir Path temp;

  @Test
  void joinsTwoExportedModelsIntoOneServableModel() {
    OpenCvLoader.ensureLoaded();
    Path member = temp.resolve("member");
    Path copy = temp.resolve("copy");
    try (TinyClassifierGraph graph = new TinyClassifierGraph()) {
      graph.export(member);
      graph.export(copy);
    }
    Path out = temp.resolve("ensemble");
    CliRun run =
        CliRun.of(
            "ensemble",
            "--models",
            member + "," + copy,
            "--out",
            out.toString(),
            "--model-version",
            "3");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(ModelMetadata.read(out).architecture()).isEqualTo("ensemble");
    assertThat(ModelMetadata.read(out).version()).isEqualTo("3");

    // The mean of a model and its copy is the model.
    List<Mat> faces =
        SharedData.faces("chandrikadeb7", "without_mask", 4).stream().map(Images::read).toList();
    try (MaskClassifier single = MaskClassifier.load(member);
        MaskClassifier joined = MaskClassifier.load(out);
        MaskPredictor a = single.newPredictor();
        MaskPredictor b = joined.newPredictor()) {
      List<MaskPrediction> expected = a.classifyBatch(faces);
      List<MaskPrediction> actual = b.classifyBatch(faces);
      for (int i = 0; i < faces.size(); i++) {
        for (MaskLabel label : TinyClassifierGraph.LABELS) {
          assertThat(actual.get(i).probabilities().get(label))
              .isCloseTo(expected.get(i).probabilities().get(label), Offset.offset(1e-5f));
        }
      }
    } finally {
      faces.forEach(Mat::release);
    }
  }

  @Test
  void oneMemberWithoutFlipIsRefused() {
    CliRun run =
        CliRun.of(
            "ensemble",
            "--models",
            temp.resolve("m").toString(),
            "--out",
            temp.resolve("o").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("two or more");
  }
}
