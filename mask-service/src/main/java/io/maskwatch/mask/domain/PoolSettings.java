package io.maskwatch.mask.domain;

import java.time.Duration;

/**
 * How the inference pool runs.
 *
 * @param workers worker threads, each with its own predictor
 * @param batchSize the most faces one session call takes; 1 classifies face by face
 * @param maxWait how long a worker that has a face waits for more to fill its batch (zero: take
 *     what is queued and go)
 * @param warmupCrops blank crops each worker classifies once before the pool counts as started (one
 *     single crop, then one batch of {@code min(warmupCrops, batchSize)}); 0 skips it
 */
public record PoolSettings(int workers, int batchSize, Duration maxWait, int warmupCrops) {

  public PoolSettings {
    if (workers < 1) {
      throw new IllegalArgumentException(
          "maskwatch.mask.workers must be at least 1, got " + workers);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          "maskwatch.mask.batch-size must be at least 1, got " + batchSize);
    }
    if (maxWait == null || maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "maskwatch.mask.max-wait-ms must be 0 or more, got " + maxWait);
    }
    if (warmupCrops < 0) {
      throw new IllegalArgumentException(
          "maskwatch.mask.warmup-crops must be 0 or more, got " + warmupCrops);
    }
  }
}
