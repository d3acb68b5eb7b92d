package io.maskwatch.vision.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDigestTest {

  @TempDir Path dir;

  @BeforeEach
  void writeModelFiles() throws IOException {
    Files.createDirectories(dir.resolve("variables/sub"));
    Files.writeString(dir.resolve("saved_model.pb"), "graph");
    Files.writeString(dir.resolve("variables/variables.index"), "index");
    Files.writeString(dir.resolve("variables/variables.data-00000-of-00001"), "weights");
    Files.writeString(dir.resolve("variables/sub/extra"), "x");
    Files.writeString(dir.resolve("maskwatch-model.json"), "{}");
  }

  @Test
  void coversGraphAndVariablesInSortedPathOrder() throws Exception {
    assertThat(ModelDigest.filesInDigestOrder(dir))
        .containsExactly(
            "saved_model.pb",
            "variables/sub/extra",
            "variables/variables.data-00000-of-00001",
            "variables/variables.index");
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    for (String name : ModelDigest.filesInDigestOrder(dir)) {
      byte[] content = Files.readAllBytes(dir.resolve(name));
      expected.update(name.getBytes(StandardCharsets.UTF_8));
      expected.update((byte) 0);
      expected.update(ByteBuffer.allocate(8).putLong(content.length).array());
      expected.update(content);
    }
    assertThat(ModelDigest.sha256(dir)).isEqualTo(HexFormat.of().formatHex(expected.digest()));
  }

  @Test
  void changesWithWeightsAndFileNamesButNotWithMetadata() throws IOException {
    String before = ModelDigest.sha256(dir);
    assertThat(ModelDigest.sha256(dir)).isEqualTo(before);

    Files.writeString(dir.resolve("maskwatch-model.json"), "{\"version\":\"2\"}");
    assertThat(ModelDigest.sha256(dir)).isEqualTo(before);

    Files.writeString(dir.resolve("variables/variables.data-00000-of-00001"), "weightz");
    String changedWeights = ModelDigest.sha256(dir);
    assertThat(changedWeights).isNotEqualTo(before);

    Files.move(dir.resolve("variables/sub/extra"), dir.resolve("variables/sub/other"));
    assertThat(ModelDigest.sha256(dir)).isNotEqualTo(changedWeights);
  }

  @Test
  void missingPartsAreNamed() throws IOException {
    Files.delete(dir.resolve("saved_model.pb"));
    assertThatThrownBy(() -> ModelDigest.sha256(dir))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("has no saved_model.pb file");

    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    Files.writeString(empty.resolve("saved_model.pb"), "graph");
    assertThatThrownBy(() -> ModelDigest.sha256(empty))
        .hasMessageContaining("has no variables/ directory");

    assertThatThrownBy(() -> ModelDigest.sha256(dir.resolve("absent")))
        .hasMessageContaining("absent")
        .hasMessageContaining("does not exist");
  }
}
