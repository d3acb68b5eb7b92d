package io.maskwatch.mask.messaging;

import io.maskwatch.mask.domain.PoolListener;
import io.maskwatch.mask.domain.StageTimer;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.classify.MaskPrediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The service's meters: faces classified per label, frames classified and rejected, and a timer per
 * stage; per inference worker, faces inferred (its rate is faces/s), the batch sizes, the time of
 * each session call and the time each face waited in the queue. In Prometheus form: {@code
 * maskwatch_faces_classified_total{label=…}}, {@code maskwatch_frames_classified_total}, {@code
 * maskwatch_frames_rejected_total}, {@code maskwatch_crop_decode_seconds}, {@code
 * maskwatch_classify_seconds}, {@code maskwatch_faces_inferred_total{worker=…}}, {@code
 * maskwatch_batch_faces{worker=…}} (histogram), {@code maskwatch_inference_seconds{worker=…}},
 * {@code maskwatch_queue_seconds{worker=…}}.
 */
@Singleton
public class MaskMetrics implements StageTimer, PoolListener {

  private final MeterRegistry registry;
  private final Map<Integer, WorkerMeters> workers = new ConcurrentHashMap<>();
  private final Counter frames;
  private final Counter rejected;
  private final Map<Stage, Timer> timers = new EnumMap<>(Stage.class);
  private final Map<MaskLabel, Counter> faces = new EnumMap<>(MaskLabel.class);

  public MaskMetrics(MeterRegistry registry) {
    this.registry = registry;
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
            .description("A frame from queueing its faces to the last of them classified")
            .register(registry));
  }

  @Override
  public <T> T time(Stage stage, Supplier<T> work) {
    return timers.get(stage).record(work);
  }

  @Override
  public void record(Stage stage, long nanos) {
    timers.get(stage).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void batch(int worker, int faces, long inferenceNanos) {
    WorkerMeters meters = worker(worker);
    meters.faces.increment(faces);
    meters.batchSize.record(faces);
    meters.inference.record(inferenceNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void queued(int worker, long queueNanos) {
    worker(worker).queue.record(queueNanos, TimeUnit.NANOSECONDS);
  }

  private WorkerMeters worker(int worker) {
    return workers.computeIfAbsent(worker, w -> new WorkerMeters(registry, Integer.toString(w)));
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

  private record WorkerMeters(
      Counter faces, DistributionSummary batchSize, Timer inference, Timer queue) {

    WorkerMeters(MeterRegistry registry, String worker) {
      this(
          Counter.builder("maskwatch.faces.inferred")
              .description("Faces through the model, per inference worker (rate: faces/s)")
              .tag("worker", worker)
              .register(registry),
          DistributionSummary.builder("maskwatch.batch")
              .description("Faces per session call, per inference worker")
              .baseUnit("faces")
              .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
              .tag("worker", worker)
              .register(registry),
          Timer.builder("maskwatch.inference")
              .description("One session call (a batch), per inference worker")
              .tag("worker", worker)
              .register(registry),
          Timer.builder("maskwatch.queue")
              .description("A face's wait between being queued and its batch starting")
              .tag("worker", worker)
              .register(registry));
    }
  }
}
