package io.maskwatch.mask.domain;

import java.util.function.Supplier;

/** Measures the stages of classifying a frame without tying the domain to a metrics library. */
public interface StageTimer {

  /** The steps of {@link FrameClassifier#classify}. */
  enum Stage {
    DECODE,
    CLASSIFY
  }

  /** Times nothing. */
  StageTimer NONE =
      new StageTimer() {
        @Override
        public <T> T time(Stage stage, Supplier<T> work) {
          return work.get();
        }
      };

  /** Runs {@code work}, recording how long it took whether or not it throws. */
  <T> T time(Stage stage, Supplier<T> work);
}
