package io.maskwatch.alert.health;

import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.messaging.VerdictsConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the verdicts consumer, in place of the connector's unprocessed-record age (switched
 * off for {@code verdicts}: a database outage holds a message for as long as it lasts, and a
 * restart would not bring the database back). DOWN only when the message in hand has had no new try
 * for {@code maskwatch.alert.store.stuck-after}: a hung call, which a restart does cure. While the
 * database is away the consumer tries again every {@code retry-max} at most, so stays UP.
 */
@Liveness
@ApplicationScoped
public class VerdictsLiveness implements HealthCheck {

  private final HeldMessage held;
  private final Duration stuckAfter;

  @Inject
  public VerdictsLiveness(VerdictsConsumer consumer, AlertConfig config) {
    this(consumer.held(), config.store().stuckAfter());
  }

  VerdictsLiveness(HeldMessage held, Duration stuckAfter) {
    this.held = held;
    this.stuckAfter = stuckAfter;
  }

  @Override
  public HealthCheckResponse call() {
    Duration without = held.withoutProgress();
    return HealthCheckResponse.named("verdicts consumer")
        .status(without.compareTo(stuckAfter) < 0)
        .withData("heldWithoutProgressSeconds", without.toSeconds())
        .withData("stuckAfterSeconds", stuckAfter.toSeconds())
        .build();
  }
}
