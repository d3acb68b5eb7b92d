package io.maskwatch.mask.messaging;

import io.maskwatch.mask.domain.StageTimer;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.classify.MaskPrediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The service's meters: faces classified per label, frames classified and rejected, and a timer per
 * stage. In Prometheus form: {@code maskwatch_faces_classified_total{label=…}}, {@code
 * maskwatch_frames_classified_total}, {@code maskwatch_frames_rejected_total}, {@code
 * maskwatch_crop_decode_seconds}, {@code maskwatch_classify_seconds}.
 */
@Singleton
public class MaskMetrics implements StageTimer {

  private final Counter frames;
  private final Counter rejected;
  private final Map<Stage, Timer> timers = new EnumMap<>(Stage.class);
  private final Map<MaskLabel, Counter> faces = new EnumMap<>(MaskLabel.class);

  public MaskMetrics(MeterRegistry registry) {
    this.frames =
        Counter.builder("maskwatch.frames.classified")
            .description("Frames whose faces were classified and whose verdicts were sent")
            .register(registry);
    this.rejected =
        Counter.builder("maskwatch.frames.rejected")
            .description("Faces messages sent to dead-letters")
            .register(registry);
    // Every label from the start, so a dashboard sees 0 rather than no series.
    for (MaskLabel label : MaskLabel.values()) {
      faces.put(
          label,
          Counter.builder("maskwatch.faces.classified")
              .description("Faces classified, by label")
              .tag("label", label.wireName())
              .register(registry));
    }
    timers.put(
        Stage.DECODE,
        Timer.builder("maskwatch.crop.decode")
            .description("Decoding the face crops of one frame")
            .register(registry));
    timers.put(
        Stage.CLASSIFY,
        Timer.builder("maskwatch.classify")
            .description("Classifying the face crops of one frame (one session call)")
            .register(registry));
  }

  @Override
  public <T> T time(Stage stage, Supplier<T> work) {
    return timers.get(stage).record(work);
  }

  /** Counts a frame whose verdicts were sent, and its faces by label. */
  public void classified(List<MaskPrediction> predictions) {
    frames.increment();
    for (MaskPrediction prediction : predictions) {
      faces.get(prediction.label()).increment();
    }
  }

  public void rejected() {
    rejected.increment();
  }
}
