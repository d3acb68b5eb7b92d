package io.maskwatch.vision.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.vision.MaskLabel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMetadataTest {

  private static final List<MaskLabel> TWO_CLASSES =
      List.of(MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK);

  @TempDir Path dir;

  @Test
  void writesWireNamesAndIsoTimeAndReadsBackEqual() throws IOException {
    ModelMetadata metadata =
        new ModelMetadata(
            "mask-classifier",
            "1.2.0",
            TWO_CLASSES,
            128,
            "small-cnn",
            Instant.parse("2024-05-06T07:08:09Z"),
            Map.of("valAccuracy", 0.97));
    metadata.write(dir);
    String json = Files.readString(dir.resolve("maskwatch-model.json"));
    assertThat(json)
        .contains("\"labels\" : [ \"with_mask\", \"without_mask\" ]")
        .contains("\"created\" : \"2024-05-06T07:08:09Z\"")
        .contains("\"inputSize\" : 128");
    assertThat(ModelMetadata.read(dir)).isEqualTo(metadata);
  }

  @Test
  void readsTheContractFieldsAndIgnoresUnknownOnes() throws IOException {
    write(
        """
        {"name":"m","version":"1","labels":["with_mask","without_mask","mask_weared_incorrect"],
         "inputSize":96,"architecture":"cnn","created":"2024-01-01T00:00:00Z","trainedBy":"ci"}
        """);
    ModelMetadata metadata = ModelMetadata.read(dir);
    assertThat(metadata.labels())
        .containsExactly(
            MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK, MaskLabel.MASK_WEARED_INCORRECT);
    assertThat(metadata.inputSize()).isEqualTo(96);
    assertThat(metadata.details()).isEmpty();
    assertThat(metadata.indexOf(MaskLabel.WITHOUT_MASK)).isEqualTo(1);
  }

  @Test
  void missingFileIsNamed() {
    assertThatThrownBy(() -> ModelMetadata.read(dir))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining(dir.resolve("maskwatch-model.json").toString())
        .hasMessageContaining("missing");
  }

  @Test
  void invalidContentIsReportedWithTheReason() throws IOException {
    write(
        """
        {"name":"m","version":"1","labels":["with_mask","no_mask"],
         "inputSize":96,"architecture":"cnn","created":"2024-01-01T00:00:00Z"}
        """);
    assertThatThrownBy(() -> ModelMetadata.read(dir))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("is invalid")
        .hasMessageContaining("'no_mask'");

    write(
        """
        {"name":"m","version":"1","labels":["with_mask","without_mask"],
         "architecture":"cnn","created":"2024-01-01T00:00:00Z"}
        """);
    assertThatThrownBy(() -> ModelMetadata.read(dir)).hasMessageContaining("inputSize");

    write("{not json");
    assertThatThrownBy(() -> ModelMetadata.read(dir))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("is invalid");
  }

  @Test
  void rejectsDuplicateOrTooFewLabels() {
    Instant now = Instant.now();
    assertThatThrownBy(
            () ->
                new ModelMetadata(
                    "m", "1", List.of(MaskLabel.WITH_MASK, MaskLabel.WITH_MASK), 64, "cnn", now))
        .hasMessageContaining("distinct");
    assertThatThrownBy(
            () -> new ModelMetadata("m", "1", List.of(MaskLabel.WITH_MASK), 64, "cnn", now))
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> new ModelMetadata(" ", "1", TWO_CLASSES, 64, "cnn", now))
        .hasMessageContaining("name is missing");
  }

  private void write(String json) throws IOException {
    Files.writeString(dir.resolve("maskwatch-model.json"), json, StandardCharsets.UTF_8);
  }
}
