package io.maskwatch.mask.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.mask.MaskModel;
import io.maskwatch.mask.ModelStatus;
import io.maskwatch.mask.config.MaskConfig;
import io.maskwatch.mask.domain.PoolListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness when the model cannot be loaded: DOWN, and the reason says what to fix. */
class ModelReadinessCheckTest {

  @TempDir Path temp;

  @Test
  void isDownWhileTheModelIsLoading() {
    MaskModel model = new MaskModel(config(temp.resolve("not-yet")), PoolListener.NONE);

    HealthCheckResponse response = new ModelReadinessCheck(model).call();

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(response.getData().orElseThrow()).containsEntry("state", "loading");
  }

  @Test
  void aMissingModelDirectoryLeavesTheServiceNotReadyAndSaysWhere() {
    Path missing = temp.resolve("no-such-model");
    MaskModel model = new MaskModel(config(missing), PoolListener.NONE);

    ModelStatus status = model.load();

    assertThat(status.state()).isEqualTo(ModelStatus.State.FAILED);
    HealthCheckResponse response = new ModelReadinessCheck(model).call();
    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(response.getData().orElseThrow())
        .containsEntry("state", "failed")
        .containsEntry("modelDir", missing.toString())
        .containsEntry("reason", "model directory " + missing + " does not exist");
  }

  @Test
  void aModelWithBrokenMetadataIsNotReadyAndTheReasonNamesTheFile() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("broken"));
    Files.write(dir.resolve("saved_model.pb"), new byte[] {1, 2, 3});
    Files.createDirectories(dir.resolve("variables"));
    Files.writeString(dir.resolve("maskwatch-model.json"), "{\"name\": \"m\", \"version\":");
    MaskModel model = new MaskModel(config(dir), PoolListener.NONE);

    model.load();

    HealthCheckResponse response = new ModelReadinessCheck(model).call();
    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat((String) response.getData().orElseThrow().get("reason"))
        .startsWith("model metadata " + dir.resolve("maskwatch-model.json") + " is invalid");
  }

  @Test
  void zeroTensorFlowThreadsIsAConfigurationErrorNamingTheKey() {
    MaskModel model = new MaskModel(config(temp.resolve("any"), 0), PoolListener.NONE);

    ModelStatus status = model.load();

    assertThat(status.state()).isEqualTo(ModelStatus.State.FAILED);
    assertThat(status.reason())
        .isEqualTo("maskwatch.mask.intra-op-threads must be at least 1, got 0");
  }

  @Test
  void aModelThatFailedIsNotUsable() {
    MaskModel model = new MaskModel(config(temp.resolve("gone")), PoolListener.NONE);
    model.load();

    org.assertj.core.api.Assertions.assertThatThrownBy(model::identity)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not ready")
        .hasMessageContaining("does not exist");
  }

  private static MaskConfig config(Path modelDir) {
    return config(modelDir, 1);
  }

  private static MaskConfig config(Path modelDir, int intraOpThreads) {
    return new MaskConfig() {
      @Override
      public String modelDir() {
        return modelDir.toString();
      }

      @Override
      public int intraOpThreads() {
        return intraOpThreads;
      }

      @Override
      public OptionalInt interOpThreads() {
        return OptionalInt.of(1);
      }

      @Override
      public OptionalInt workers() {
        return OptionalInt.of(1);
      }

      @Override
      public int batchSize() {
        return 1;
      }

      @Override
      public long maxWaitMs() {
        return 0;
      }

      @Override
      public int maxInFlightFrames() {
        return 8;
      }

      @Override
      public int warmupCrops() {
        return 2;
      }

      @Override
      public long maxCropPixels() {
        return 4_000_000;
      }
    };
  }
}
