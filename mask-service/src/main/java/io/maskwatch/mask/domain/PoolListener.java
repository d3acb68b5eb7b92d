package io.maskwatch.mask.domain;

/** What the inference pool reports per worker, without tying the domain to a metrics library. */
public interface PoolListener {

  /** Reports nothing. */
  PoolListener NONE =
      new PoolListener() {
        @Override
        public void batch(int worker, int faces, long inferenceNanos) {}

        @Override
        public void queued(int worker, long queueNanos) {}
      };

  /**
   * A worker classified {@code faces} crops in one session call that took {@code inferenceNanos}.
   */
  void batch(int worker, int faces, long inferenceNanos);

  /** One face waited {@code queueNanos} between being submitted and its batch starting. */
  void queued(int worker, long queueNanos);
}
