package io.maskwatch.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.trainer.eval.VocAnnotation;
import io.maskwatch.trainer.eval.VocAnnotations;
import io.maskwatch.vision.testing.HumanModelsCache;
import io.maskwatch.vision.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

  /** Five kaggle853-dev images with 3, 1, 4, 9 and 5 annotated faces of mixed sizes. */
  private static final List<String> FEW =
      List.of(
          "maksssksksss0",
          "maksssksksss10",
          "maksssksksss103",
          "maksssksksss105",
          "maksssksksss108");

  private static final Set<String> LABELS =
      Set.of("with_mask", "without_mask", "mask_weared_incorrect");

  private static Path listFile(Path tmp) throws Exception {
    Path list = tmp.resolve("few.txt");
    Files.write(list, FEW);
    return list;
  }

  /** Checks the documented form and returns the number of faces. */
  private static int checkPredictionsFormat(JsonNode root, boolean annotatedBoxes) {
    assertThat(root.fieldNames()).toIterable().containsExactly("images");
    JsonNode images = root.path("images");
    assertThat(images).hasSize(FEW.size());
    int faces = 0;
    for (int i = 0; i < FEW.size(); i++) {
      JsonNode image = images.get(i);
      assertThat(image.fieldNames()).toIterable().containsExactly("image", "faces");
      assertThat(image.path("image").asText()).isEqualTo(FEW.get(i));
      for (JsonNode face : image.path("faces")) {
        faces++;
        assertThat(face.fieldNames())
            .toIterable()
            .containsExactly("box", "score", "label", "label_score");
        JsonNode box = face.path("box");
        assertThat(box).hasSize(4);
        assertThat(box.get(2).asDouble()).isGreaterThan(box.get(0).asDouble());
        assertThat(box.get(3).asDouble()).isGreaterThan(box.get(1).asDouble());
        if (annotatedBoxes) {
          assertThat(face.path("score").asDouble()).isEqualTo(1.0);
        } else {
          assertThat(face.path("score").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(face.path("label").asText()).isIn(LABELS);
        assertThat(face.path("label_score").asDouble()).isBetween(0.0, 1.0);
      }
    }
    return faces;
  }

  @Test
  void classifyGtOnRealScenesWritesThePredictionFormAndPerfectDetectionMetrics(@TempDir Path tmp)
      throws Exception {
    Path scenes = SharedData.kaggleScenes();
    Path out = tmp.resolve("pred.json");
    Path metricsOut = tmp.resolve("m/metrics.json");
    int faces16 = 0;
    int all = 0;
    for (String name : FEW) {
      VocAnnotation a = VocAnnotations.read(scenes.resolve("annotations/" + name + ".xml"));
      all += a.objects().size();
      faces16 += (int) a.objects().stream().filter(o -> o.box().minSide() >= 16).count();
    }

    CliRun run =
        CliRun.of(
            "evaluate",
            "--images",
            scenes.resolve("images").toString(),
            "--annotations",
            scenes.resolve("annotations").toString(),
            "--list",
            listFile(tmp).toString(),
            "--mode",
            "classify-gt",
            "--out",
            out.toString(),
            "--metrics-out",
            metricsOut.toString(),
            "--progress-every",
            "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    ObjectMapper json = new ObjectMapper();
    assertThat(checkPredictionsFormat(json.readTree(out.toFile()), true)).isEqualTo(faces16);
    assertThat(faces16).isLessThan(all); // some faces are tiny and left out
    JsonNode report = json.readTree(metricsOut.toFile());
    assertThat(report.path("mode").asText()).isEqualTo("classify-gt");
    assertThat(report.path("facesLeftOut").asInt()).isEqualTo(all - faces16);
    assertThat(report.path("imagesEvaluated").asInt()).isEqualTo(FEW.size());
    assertThat(report.path("imagesPerSecond").asDouble()).isPositive();
    JsonNode metrics = report.path("metrics");
    // The boxes are the annotations themselves: every face found, nothing else.
    assertThat(metrics.path("face").path("ap").asDouble()).isEqualTo(1.0);
    assertThat(metrics.path("face").path("precision").asDouble()).isEqualTo(1.0);
    assertThat(metrics.path("matched").path("total").asInt()).isEqualTo(faces16);
    assertThat(metrics.path("matched").path("accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.path("classAp").path("mask").path("ap").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.path("recallBySize").get(0).path("faces").asInt()).isZero();
  }

  @Test
  void endToEndWithHaarOnRealScenesUsesTheScenesShorthand(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("e2e.json");

    CliRun run =
        CliRun.of(
            "evaluate",
            "--scenes",
            SharedData.kaggleScenes().toString(),
            "--list",
            listFile(tmp).toString(),
            "--mode",
            "end-to-end",
            "--detector",
            "haar",
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    ObjectMapper json = new ObjectMapper();
    int found = checkPredictionsFormat(json.readTree(out.toFile()), false);
    JsonNode report = json.readTree(tmp.resolve("e2e.metrics.json").toFile());
    assertThat(report.path("mode").asText()).isEqualTo("end-to-end");
    assertThat(report.path("detector").asText()).startsWith("haar");
    JsonNode face = report.path("metrics").path("face");
    assertThat(face.path("predictions").asInt()).isEqualTo(found);
    assertThat(face.path("faces").asInt()).isEqualTo(22); // every annotated face counts
    assertThat(face.path("recall").asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void endToEndWithYuNetFindsMoreFacesThanHaar(@TempDir Path tmp) throws Exception {
    SharedData.yunet();
    Path scenes = SharedData.kaggleScenes();
    double[] recall = new double[2];
    String[] detectors = {"haar", "yunet"};
    for (int i = 0; i < 2; i++) {
      Path out = tmp.resolve(detectors[i] + ".json");
      CliRun run =
          CliRun.of(
              "evaluate",
              "--scenes",
              scenes.toString(),
              "--list",
              listFile(tmp).toString(),
              "--mode",
              "end-to-end",
              "--detector",
              detectors[i],
              "--detector-model",
              detectors[i].equals("yunet")
                  ? SharedData.yunet().toString()
                  : EvaluateCommand.HAAR_CASCADE.toString(),
              "--out",
              out.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      checkPredictionsFormat(new ObjectMapper().readTree(out.toFile()), false);
      JsonNode report =
          new ObjectMapper().readTree(tmp.resolve(detectors[i] + ".metrics.json").toFile());
      assertThat(report.path("detector").asText()).startsWith(detectors[i]);
      recall[i] = report.path("metrics").path("face").path("recall").asDouble();
    }
    // On these five scenes YuNet finds most of the 22 faces, Haar few.
    assertThat(recall[1]).isGreaterThan(recall[0]).isGreaterThan(0.5);
  }

  @Test
  void endToEndWithBlazeFaceFromTheHumanModelsFolderFindsMoreFacesThanHaar(@TempDir Path tmp)
      throws Exception {
    Path models = HumanModelsCache.folderWith(List.of("facemesh-detection-full"));
    Path scenes = SharedData.kaggleScenes();
    double[] recall = new double[2];
    String[] detectors = {"haar", "blazeface"};
    for (int i = 0; i < 2; i++) {
      Path out = tmp.resolve(detectors[i] + ".json");
      CliRun run =
          CliRun.of(
              "evaluate",
              "--scenes",
              scenes.toString(),
              "--list",
              listFile(tmp).toString(),
              "--mode",
              "end-to-end",
              "--detector",
              detectors[i],
              "--detector-model",
              detectors[i].equals("blazeface")
                  ? models.toString()
                  : EvaluateCommand.HAAR_CASCADE.toString(),
              "--out",
              out.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      checkPredictionsFormat(new ObjectMapper().readTree(out.toFile()), false);
      JsonNode report =
          new ObjectMapper().readTree(tmp.resolve(detectors[i] + ".metrics.json").toFile());
      assertThat(report.path("detector").asText()).startsWith(detectors[i]);
      recall[i] = report.path("metrics").path("face").path("recall").asDouble();
    }
    assertThat(recall[1]).isGreaterThan(recall[0]);
  }

  @Test
  void endToEndDefaultsToYuNetWhenItsModelIsThereAsFaceServiceDoes(@TempDir Path tmp)
      throws Exception {
    SharedData.yunet();
    Path out = tmp.resolve("auto.json");

    CliRun run =
        CliRun.of(
            "evaluate",
            "--scenes",
            SharedData.kaggleScenes().toString(),
            "--list",
            listFile(tmp).toString(),
            "--mode",
            "end-to-end",
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(tmp.resolve("auto.metrics.json").toFile());
    assertThat(report.path("detector").asText()).startsWith("yunet").contains("yunet-legacy.onnx");
  }

  @Test
  void anUnreadableImageIsSkippedCountedAndItsFacesLeftOut(@TempDir Path tmp) throws Exception {
    Path scenes = SharedData.kaggleScenes();
    Path images = Files.createDirectories(tmp.resolve("images"));
    Path annotations = Files.createDirectories(tmp.resolve("annotations"));
    for (String name : List.of("maksssksksss0", "maksssksksss10")) {
      Files.copy(scenes.resolve("images/" + name + ".jpg"), images.resolve(name + ".jpg"));
      Files.copy(
          scenes.resolve("annotations/" + name + ".xml"), annotations.resolve(name + ".xml"));
    }
    Files.write(images.resolve("maksssksksss10.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2});
    Path out = tmp.resolve("p.json");

    CliRun run =
        CliRun.of(
            "evaluate",
            "--scenes",
            tmp.toString(),
            "--mode",
            "classify-gt",
            "--min-face",
            "0",
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(tmp.resolve("p.metrics.json").toFile());
    assertThat(report.path("imagesEvaluated").asInt()).isEqualTo(1);
    assertThat(report.path("imagesUnreadable")).hasSize(1);
    assertThat(report.path("imagesUnreadable").get(0).asText()).isEqualTo("maksssksksss10");
    assertThat(report.path("metrics").path("face").path("faces").asInt()).isEqualTo(3);
  }

  @Test
  void anImageWithoutAnnotationIsAnErrorNamingIt(@TempDir Path tmp) throws Exception {
    Path images = Files.createDirectories(tmp.resolve("images"));
    Files.createDirectories(tmp.resolve("annotations"));
    Files.write(images.resolve("lonely.png"), new byte[] {1});

    CliRun run =
        CliRun.of(
            "evaluate", "--scenes", tmp.toString(), "--out", tmp.resolve("p.json").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("lonely.png has no annotation");
  }

  @Test
  void aMissingFolderOrListedImageIsAnError(@TempDir Path tmp) throws Exception {
    CliRun missing =
        CliRun.of(
            "evaluate",
            "--images",
            tmp.resolve("nope").toString(),
            "--annotations",
            tmp.toString(),
            "--out",
            tmp.resolve("p.json").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("image folder not found").contains("nope");

    Files.createDirectories(tmp.resolve("images"));
    Files.createDirectories(tmp.resolve("annotations"));
    Path list = Files.write(tmp.resolve("l.txt"), List.of("ghost"));
    CliRun unlisted =
        CliRun.of(
            "evaluate",
            "--scenes",
            tmp.toString(),
            "--list",
            list.toString(),
            "--out",
            tmp.resolve("p.json").toString());
    assertThat(unlisted.exitCode()).isEqualTo(1);
    assertThat(unlisted.err()).contains("no image 'ghost'");
  }

  @Test
  void rejectsAnUnknownModeOrDetector(@TempDir Path tmp) throws Exception {
    CliRun mode =
        CliRun.of(
            "evaluate",
            "--scenes",
            tmp.toString(),
            "--mode",
            "nonsense",
            "--out",
            tmp.resolve("p.json").toString());
    assertThat(mode.exitCode()).isEqualTo(2);

    Path scenes = SharedData.kaggleScenes();
    CliRun detector =
        CliRun.of(
            "evaluate",
            "--scenes",
            scenes.toString(),
            "--list",
            listFile(tmp).toString(),
            "--mode",
            "end-to-end",
            "--detector",
            "nonsense",
            "--out",
            tmp.resolve("p.json").toString());
    assertThat(detector.exitCode()).isEqualTo(2);
    assertThat(detector.err()).contains("unknown --detector 'nonsense'");
  }
}
