package io.maskwatch.mask;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.mask.config.MaskConfig;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What stops start-up at once: a model path that is not there, settings out of range. */
class StartupValidationTest {

  @TempDir Path temp;

  @Test
  void aMissingModelPathStopsStartUpSayingWhichKeyAndWhere() {
    Path missing = temp.resolve("no-such-model");

    assertThatThrownBy(() -> ModelStartup.validate(config(missing.toString(), 2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "mask-service cannot start: model directory "
                + missing
                + " does not exist (maskwatch.mask.model-dir="
                + missing
                + ")");
  }

  @Test
  void zeroWorkersStopsStartUpNamingTheKey() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getProperty("maskwatch.home") != null, "maskwatch.home is not set");
    String shipped =
        Path.of(System.getProperty("maskwatch.home", "."), "models", "mask-classifier").toString();

    assertThatThrownBy(() -> ModelStartup.validate(config(shipped, 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "mask-service cannot start: maskwatch.mask.workers must be at least 1, got 0");
  }

  @Test
  void theShippedModelPasses() {
    String home = System.getProperty("maskwatch.home");
    org.junit.jupiter.api.Assumptions.assumeTrue(home != null, "maskwatch.home is not set");

    assertThatCode(
            () ->
                ModelStartup.validate(
                    config(Path.of(home, "models", "mask-classifier").toString(), 2)))
        .doesNotThrowAnyException();
  }

  private static MaskConfig config(String modelDir, int workers) {
    return new MaskConfig() {
      @Override
      public String modelDir() {
        return modelDir;
      }

      @Override
      public OptionalInt workers() {
        return OptionalInt.of(workers);
      }

      @Override
      public int batchSize() {
        return 1;
      }

      @Override
      public long maxWaitMs() {
        return 2;
      }

      @Override
      public int maxInFlightFrames() {
        return 64;
      }

      @Override
      public int intraOpThreads() {
        return 1;
      }

      @Override
      public OptionalInt interOpThreads() {
        return OptionalInt.of(1);
      }

      @Override
      public int warmupCrops() {
        return 4;
      }

      @Override
      public long maxCropPixels() {
        return 4_000_000;
      }
    };
  }
}
