package io.maskwatch.vision.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.model.ModelMetadata;
import io.maskwatch.vision.model.SavedModelWriter;
import io.maskwatch.vision.testing.TinyClassifierGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer refuses exports that would break the contract, before writing anything. */
class SavedModelWriterTest {

  private static TinyClassifierGraph graph;
  @TempDir Path temp;

  @BeforeAll
  static void buildGraph() {
    graph = new TinyClassifierGraph();
  }

  @AfterAll
  static void closeGraph() {
    graph.close();
  }

  @Test
  void refusesMetadataWhoseInputSizeDisagreesWithTheGraph() {
    Path dir = temp.resolve("m");
    assertThatThrownBy(() -> export(metadata(64, TinyClassifierGraph.LABELS), dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'image' must have shape [-1, 64, 64, 3]")
        .hasMessageContaining("[-1, 32, 32, 3]");
    assertThat(dir).doesNotExist();
  }

  @Test
  void refusesMetadataWithADifferentNumberOfLabels() {
    List<MaskLabel> two = List.of(MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK);
    assertThatThrownBy(() -> export(metadata(32, two), temp.resolve("m")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'probabilities' must have shape [-1, 2]");
  }

  @Test
  void refusesToWriteIntoANonEmptyDirectory() throws IOException {
    Path dir = temp.resolve("used");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("keep.txt"), "precious");
    assertThatThrownBy(() -> export(metadata(32, TinyClassifierGraph.LABELS), dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not empty");
    assertThat(dir.resolve("keep.txt")).hasContent("precious");
  }

  private static String export(ModelMetadata metadata, Path dir) {
    return SavedModelWriter.export(
        graph.session(), graph.image(), graph.probabilities(), metadata, dir);
  }

  private static ModelMetadata metadata(int size, List<MaskLabel> labels) {
    return new ModelMetadata("m", "1", labels, size, "tiny", Instant.now());
  }
}
