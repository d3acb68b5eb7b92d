package io.maskwatch.alert.health;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long a consumer's message in hand has gone without a new step (a try at storing it,
 * publishing, a snapshot): what {@link VerdictsLiveness} judges. Zero while no message is in hand.
 */
public final class HeldMessage {

  private final LongSupplier nanoTime;
  private volatile long steppedAt;
  private volatile boolean held;

  public HeldMessage() {
    this(System::nanoTime);
  }

  HeldMessage(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** A message is in hand and makes a step (also its first). */
  public void step() {
    steppedAt = nanoTime.getAsLong();
    held = true;
  }

  /** The message was acknowledged, nacked or left: nothing in hand. */
  public void released() {
    held = false;
  }

  public Duration withoutProgress() {
    return held ? Duration.ofNanos(nanoTime.getAsLong() - steppedAt) : Duration.ZERO;
  }
}
