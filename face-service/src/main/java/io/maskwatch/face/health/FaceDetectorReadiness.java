package io.maskwatch.face.health;

import io.maskwatch.face.FaceFinder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only with a working face detector: without one the service would consume and drop. */
@Readiness
@ApplicationScoped
public class FaceDetectorReadiness implements HealthCheck {

  private final FaceFinder finder;

  FaceDetectorReadiness(FaceFinder finder) {
    this.finder = finder;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("face-detector")
            .withData("detector", finder.detectorName())
            .withData("chosen", finder.detectorChoice());
    return finder
        .unavailableReason()
        .map(reason -> response.down().withData("reason", reason))
        .orElseGet(response::up)
        .build();
  }
}
