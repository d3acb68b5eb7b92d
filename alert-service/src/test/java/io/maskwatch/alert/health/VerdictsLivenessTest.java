package io.maskwatch.alert.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * Liveness stays UP while the verdicts consumer keeps trying (a database outage retries every
 * retry-max) and goes DOWN only when one message has had no new try for stuck-after.
 */
class VerdictsLivenessTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final HeldMessage held = new HeldMessage(now::get);
  private final VerdictsLiveness liveness = new VerdictsLiveness(held, Duration.ofMinutes(5));

  private HealthCheckResponse.Status status() {
    return liveness.call().getStatus();
  }

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  @Test
  void anIdleConsumerIsAliveHoweverLong() {
    advance(Duration.ofHours(3));
    assertThat(status()).isEqualTo(HealthCheckResponse.Status.UP);
  }

  @Test
  void aConsumerRetryingThroughAnHourLongOutageStaysAlive() {
    held.step();
    for (int i = 0; i < 360; i++) {
      advance(Duration.ofSeconds(10));
      held.step();
      assertThat(status()).isEqualTo(HealthCheckResponse.Status.UP);
    }
    held.released();
    assertThat(held.withoutProgress()).isZero();
  }

  @Test
  void aMessageWithoutANewTryForStuckAfterFailsLivenessUntilReleased() {
    held.step();
    advance(Duration.ofMinutes(4).plusSeconds(59));
    assertThat(status()).isEqualTo(HealthCheckResponse.Status.UP);
    advance(Duration.ofSeconds(1));
    HealthCheckResponse down = liveness.call();
    assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(down.getData().orElseThrow()).containsEntry("heldWithoutProgressSeconds", 300L);
    held.released();
    assertThat(status()).isEqualTo(HealthCheckResponse.Status.UP);
  }
}
