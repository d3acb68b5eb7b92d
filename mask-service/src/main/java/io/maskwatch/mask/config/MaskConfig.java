package io.maskwatch.mask.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** mask-service settings; production values are the defaults. */
@ConfigMapping(prefix = "maskwatch.mask")
public interface MaskConfig {

  /** The exported classifier (SavedModel + maskwatch-model.json), relative to the working dir. */
  @WithDefault("models/mask-classifier")
  String modelDir();

  /**
   * Threads TensorFlow may use inside one operation. TF sizes its pools once per process, so this
   * is set before the engine starts; 1 keeps one classification on one core, and the later worker
   * pool scales by adding workers, not threads per op.
   */
  @WithDefault("1")
  int intraOpThreads();

  /** Threads TensorFlow may use to run independent operations of one step at once. */
  @WithDefault("1")
  int interOpThreads();

  /**
   * Blank crops classified after loading, so the first real frame does not pay for TF's warm-up.
   */
  @WithDefault("4")
  int warmupCrops();

  /** The largest face crop accepted, in pixels; larger ones are rejected before decoding. */
  @WithDefault("4000000")
  long maxCropPixels();
}
