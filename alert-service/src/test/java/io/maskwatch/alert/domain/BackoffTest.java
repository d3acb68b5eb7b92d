package io.maskwatch.alert.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.alert.domain.notify.Backoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesFromTheInitialWaitUpToTheMaximumThenGivesUp() {
    Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(10), 5);
    assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(8));
    assertThat(backoff.after(4)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.after(5)).isNull();
    assertThat(new Backoff(Duration.ofMillis(1), Duration.ofDays(1), 100).after(60))
        .isEqualTo(Duration.ofDays(1));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
