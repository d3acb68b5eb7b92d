package io.maskwatch.mask.domain;

import java.util.function.Supplier;

/** Measures the stages of classifying a frame without tying the domain to a metrics library. */
public interface StageTimer {

  /** The steps of {@link FrameClassifier#classify}. */
  enum Stage {
    /** Decoding a frame's crops (on the consumer's thread). */
    DECODE,
    /** From queueing a frame's faces to the last of them classified (queue + session calls). */
    CLASSIFY
  }

  /** Times nothing. */
  StageTimer NONE =
      new StageTimer() {
        @Override
        public <T> T time(Stage stage, Supplier<T> work) {
          return work.get();
        }

        @Override
        public void record(Stage stage, long nanos) {}
      };

  /** Runs {@code work}, recording how long it took whether or not it throws. */
  <T> T time(Stage stage, Supplier<T> work);

  /** Records a stage that was timed elsewhere (one that completes asynchronously). */
  void record(Stage stage, long nanos);
}
