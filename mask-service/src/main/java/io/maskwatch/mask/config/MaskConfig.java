package io.maskwatch.mask.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/** mask-service settings; production values are the defaults. */
@ConfigMapping(prefix = "maskwatch.mask")
public interface MaskConfig {

  /** The exported classifier (SavedModel + maskwatch-model.json), relative to the working dir. */
  @WithDefault("models/mask-classifier")
  String modelDir();

  /**
   * Worker threads, each with its own predictor; unset means one per core available to the process
   * (the container's CPU limit).
   */
  OptionalInt workers();

  /**
   * The most faces one session call takes, gathered across frames and cameras. 1 (face by face) is
   * the cheapest per face on CPU; a GPU wants large batches (32 and up).
   */
  @WithDefault("1")
  int batchSize();

  /** How long a worker holding fewer than batch-size faces waits for more, in ms. */
  @WithDefault("2")
  long maxWaitMs();

  /**
   * Frames read from Kafka and not yet settled (verdicts published, or dead-lettered); the consumer
   * waits beyond this, so a backlog stays in Kafka rather than in memory.
   */
  @WithDefault("64")
  int maxInFlightFrames();

  /**
   * Threads TensorFlow may use inside one operation. TF sizes this pool once per process, from the
   * first session, so it is set before the engine starts; 1 keeps each worker on one core, and the
   * service scales by adding workers, not threads per op.
   */
  @WithDefault("1")
  int intraOpThreads();

  /**
   * Threads of TensorFlow's one inter-op pool, which every session of the process runs its
   * operations on; unset means one per worker, so that the workers' calls run side by side (with 1,
   * two workers queue on one thread and the second core idles: 632 against 945 faces/s on 2 cores,
   * docs/benchmarks.md). -1 runs every operation on the calling worker's own thread.
   */
  OptionalInt interOpThreads();

  /**
   * Blank crops classified by each worker after loading, so the first real frame does not pay for
   * TF's warm-up.
   */
  @WithDefault("4")
  int warmupCrops();

  /** The largest face crop accepted, in pixels; larger ones are rejected before decoding. */
  @WithDefault("4000000")
  long maxCropPixels();
}
