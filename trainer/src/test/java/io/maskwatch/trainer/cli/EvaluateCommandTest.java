package io.maskwatch.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.vision.testing.SharedData;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

  @Test
  void writesPredictionsInTheEvaluationFormatAndTheirMetrics(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("pred.json");

    int exit =
        MaskwatchCli.commandLine()
            .execute(
                "evaluate",
                "--scenes",
                SharedData.kaggleScenes().toString(),
                "--mode",
                "classify-gt",
                "--out",
                out.toString());

    assertThat(exit).isZero();
    ObjectMapper json = new ObjectMapper();
    JsonNode images = json.readTree(out.toFile()).path("images");
    int faces = 0;
    for (JsonNode image : images) {
      assertThat(image.path("image").asText()).doesNotContain(".").isNotBlank();
      for (JsonNode face : image.path("faces")) {
        faces++;
        JsonNode box = face.path("box");
        assertThat(box).hasSize(4);
        assertThat(box.get(2).asDouble()).isGreaterThan(box.get(0).asDouble());
        assertThat(box.get(3).asDouble()).isGreaterThan(box.get(1).asDouble());
        assertThat(face.path("score").asDouble()).isEqualTo(1.0);
        assertThat(face.path("label").asText())
            .isIn(Set.of("with_mask", "without_mask", "mask_weared_incorrect"));
        assertThat(face.path("label_score").asDouble()).isBetween(0.0, 1.0);
      }
    }
    assertThat(faces).isEqualTo(871);
    JsonNode metrics = json.readTree(tmp.resolve("pred.metrics.json").toFile());
    assertThat(metrics.path("total").asInt()).isEqualTo(871);
    assertThat(metrics.path("binary").path("balancedAccuracy").asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void rejectsAnUnknownMode(@TempDir Path tmp) {
    int exit =
        MaskwatchCli.commandLine()
            .execute(
                "evaluate",
                "--scenes",
                tmp.toString(),
                "--mode",
                "nonsense",
                "--out",
                tmp.resolve("p.json").toString());
    assertThat(exit).isEqualTo(2);
  }
}
