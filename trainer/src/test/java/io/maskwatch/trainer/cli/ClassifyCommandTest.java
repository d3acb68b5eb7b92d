package io.maskwatch.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.vision.testing.SharedData;
import io.maskwatch.vision.testing.TinyClassifierGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code maskwatch classify} in-process on a real exported model and real face crops. */
class ClassifyCommandTest {

  @TempDir static Path temp;
  private static Path modelDir;
  private Path withMask;
  private Path withoutMask;

  @BeforeEach
  void pickRealFaces() {
    withMask = SharedData.faces("chandrikadeb7", "with_mask", 1).get(0);
    withoutMask = SharedData.faces("chandrikadeb7", "without_mask", 1).get(0);
  }

  @BeforeAll
  static void exportModel() {
    modelDir = temp.resolve("home/models/mask-classifier");
    try (TinyClassifierGraph graph = new TinyClassifierGraph()) {
      graph.export(modelDir);
    }
  }

  @AfterAll
  static void clearHome() {
    System.clearProperty(MaskwatchCli.HOME_PROPERTY);
  }

  @Test
  void printsOneAlignedLinePerImage() {
    CliRun run =
        CliRun.of("classify", "--model", modelDir.toString(), withMask.toString(), "short.jpg");
    // "short.jpg" does not exist: it is reported, and does not stop the other image.
    assertThat(run.exitCode()).isEqualTo(ClassifyCommand.EXIT_IMAGE_ERROR);
    assertThat(run.err()).contains("short.jpg: no such file");

    run =
        CliRun.of(
            "classify",
            "--model",
            modelDir.toString(),
            withMask.toString(),
            withoutMask.toString());
    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith(withMask.toString());
    assertThat(lines.get(1)).startsWith(withoutMask.toString());
    for (String line : lines) {
      String[] columns = line.trim().split("\\s+");
      assertThat(columns).hasSize(3);
      assertThat(columns[1]).isIn("with_mask", "without_mask", "mask_weared_incorrect");
      assertThat(Float.parseFloat(columns[2])).isBetween(1f / 3, 1f);
    }
    // Label columns start at the same position whatever the path lengths.
    int width = Math.max(withMask.toString().length(), withoutMask.toString().length());
    assertThat(lines).allSatisfy(line -> assertThat(line.charAt(width + 2)).isNotEqualTo(' '));
    assertThat(lines).allSatisfy(line -> assertThat(line.substring(width, width + 2)).isBlank());
  }

  @Test
  void jsonListsLabelConfidenceAndAllProbabilities() throws IOException {
    CliRun run =
        CliRun.of(
            "classify",
            "--json",
            "--model",
            modelDir.toString(),
            withMask.toString(),
            withoutMask.toString());
    assertThat(run.exitCode()).isZero();
    JsonNode results = new ObjectMapper().readTree(run.out());
    assertThat(results.isArray()).isTrue();
    assertThat(results).hasSize(2);
    for (JsonNode result : results) {
      JsonNode probabilities = result.get("probabilities");
      assertThat(iterableOf(probabilities.fieldNames()))
          .containsExactly("with_mask", "without_mask", "mask_weared_incorrect");
      double sum = 0;
      double best = -1;
      String bestLabel = null;
      for (String name : iterableOf(probabilities.fieldNames())) {
        double p = probabilities.get(name).asDouble();
        sum += p;
        if (p > best) {
          best = p;
          bestLabel = name;
        }
      }
      assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
      assertThat(result.get("label").asText()).isEqualTo(bestLabel);
      assertThat(result.get("confidence").asDouble()).isEqualTo(best);
    }
    assertThat(results.get(0).get("image").asText()).isEqualTo(withMask.toString());
  }

  @Test
  void corruptImageIsReportedAndTheOthersAreStillClassified() throws IOException {
    byte[] jpeg = Files.readAllBytes(withMask);
    Path corrupt = temp.resolve("corrupt.jpg");
    Files.write(corrupt, Arrays.copyOf(jpeg, jpeg.length / 2));
    CliRun run =
        CliRun.of(
            "classify",
            "--json",
            "--model",
            modelDir.toString(),
            corrupt.toString(),
            withoutMask.toString());
    assertThat(run.exitCode()).isEqualTo(ClassifyCommand.EXIT_IMAGE_ERROR);
    assertThat(run.err()).contains(corrupt + ": truncated or corrupt JPEG");
    JsonNode results = new ObjectMapper().readTree(run.out());
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("error").asText()).contains("truncated");
    assertThat(results.get(0).has("label")).isFalse();
    assertThat(results.get(1).get("label").asText()).isNotEmpty();
  }

  @Test
  void defaultModelIsFoundUnderMaskwatchHome() {
    System.setProperty(MaskwatchCli.HOME_PROPERTY, temp.resolve("home").toString());
    CliRun run = CliRun.of("classify", withMask.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith(withMask.toString());

    System.setProperty(MaskwatchCli.HOME_PROPERTY, temp.resolve("elsewhere").toString());
    run = CliRun.of("classify", withMask.toString());
    assertThat(run.exitCode()).isEqualTo(ClassifyCommand.EXIT_MODEL_ERROR);
    assertThat(run.err())
        .contains(temp.resolve("elsewhere/models/mask-classifier").toString())
        .contains("does not exist")
        .contains("--model");
  }

  private static <T> Iterable<T> iterableOf(java.util.Iterator<T> iterator) {
    return () -> iterator;
  }
}
