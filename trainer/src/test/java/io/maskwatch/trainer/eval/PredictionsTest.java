package io.maskwatch.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.trainer.eval.Predictions.ImagePredictions;
import io.maskwatch.trainer.eval.Predictions.PredictedFace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionsTest {

  @Test
  void writesExactlyTheDocumentedFormAndReadsItBack(@TempDir Path tmp) throws Exception {
    Predictions p =
        new Predictions(
            List.of(
                new ImagePredictions(
                    "maksssksksss0",
                    List.of(
                        new PredictedFace(
                            new double[] {79, 105, 109, 142}, 0.93, "with_mask", 0.97))),
                new ImagePredictions("empty", List.of())));
    Path file = tmp.resolve("pred.json");

    p.write(file);

    String compact = new ObjectMapper().readTree(file.toFile()).toString();
    assertThat(compact)
        .isEqualTo(
            "{\"images\":[{\"image\":\"maksssksksss0\",\"faces\":[{\"box\":[79.0,105.0,109.0,142.0],"
                + "\"score\":0.93,\"label\":\"with_mask\",\"label_score\":0.97}]},"
                + "{\"image\":\"empty\",\"faces\":[]}]}");
    Predictions back = Predictions.read(file);
    assertThat(back.images()).hasSize(2);
    PredictedFace f = back.images().get(0).faces().get(0);
    assertThat(f.box()).containsExactly(79, 105, 109, 142);
    assertThat(f.score()).isEqualTo(0.93);
    assertThat(f.label()).isEqualTo("with_mask");
    assertThat(f.labelScore()).isEqualTo(0.97);
    assertThat(back.images().get(1).faces()).isEmpty();
  }

  @Test
  void readsAFileWrittenByAnotherTool(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("other.json");
    Files.writeString(
        file,
        "{\"images\":[{\"image\":\"a\",\"faces\":[{\"box\":[1,2,3,4],\"score\":1,"
            + "\"label\":\"without_mask\",\"label_score\":0.5}]}]}");

    Predictions p = Predictions.read(file);

    JsonNode tree = new ObjectMapper().valueToTree(p);
    assertThat(tree.path("images").get(0).path("faces").get(0).path("label_score").asDouble())
        .isEqualTo(0.5);
    assertThat(p.images().get(0).faces().get(0).boundingBox().xmax()).isEqualTo(3);
  }
}
