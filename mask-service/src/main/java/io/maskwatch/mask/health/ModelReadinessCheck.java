package io.maskwatch.mask.health;

import io.maskwatch.mask.MaskModel;
import io.maskwatch.mask.ModelStatus;
import io.maskwatch.mask.domain.ModelIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the classifier is loaded and warmed up; shows which model it is (name, version,
 * sha256), or why it is not there.
 */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

  static final String NAME = "mask-classifier";

  private final MaskModel model;

  public ModelReadinessCheck(MaskModel model) {
    this.model = model;
  }

  @Override
  public HealthCheckResponse call() {
    return toResponse(model.status());
  }

  static HealthCheckResponse toResponse(ModelStatus status) {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(NAME)
            .withData("state", status.state().name().toLowerCase())
            .withData("modelDir", status.modelDir());
    if (!status.isReady()) {
      return response.withData("reason", status.reason()).down().build();
    }
    ModelIdentity identity = status.model();
    return response
        .withData("name", identity.name())
        .withData("version", identity.version())
        .withData("sha256", identity.sha256())
        .withData("labels", String.join(",", status.labels()))
        .withData("inputSize", status.inputSize())
        .withData("intraOpThreads", status.serving().intraOpThreads())
        .withData("interOpThreads", status.serving().interOpThreads())
        .withData("workers", status.serving().workers())
        .withData("batchSize", status.serving().batchSize())
        .withData("maxWaitMs", status.serving().maxWaitMs())
        .withData("device", status.serving().device())
        .up()
        .build();
  }
}
