package io.maskwatch.ingest.messaging;

import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Topics;
import io.maskwatch.ingest.camera.Backoff;
import io.maskwatch.ingest.camera.CameraSpec;
import io.maskwatch.ingest.camera.CameraValidator;
import io.maskwatch.ingest.camera.CameraWorker;
import io.maskwatch.ingest.camera.CaptureStatus;
import io.maskwatch.ingest.camera.CapturedFrame;
import io.maskwatch.ingest.camera.FrameEncoder;
import io.maskwatch.ingest.camera.FrameTally;
import io.maskwatch.ingest.camera.PushedFrameRejectedException;
import io.maskwatch.ingest.camera.PushedFrames;
import io.maskwatch.ingest.camera.source.Picture;
import io.maskwatch.ingest.camera.source.SourceFactory;
import io.maskwatch.ingest.config.IngestConfig;
import io.maskwatch.ingest.domain.ImageFormat;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.image.InvalidImageException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The cameras of this replica: the registry view (all cameras), the fleet (the cameras of the
 * {@code cameras} partitions this replica owns in the shared group), and the periodic status
 * reports to {@code camera-status}. Plain Kafka clients, started with the service.
 */
@ApplicationScoped
@Startup
public class CameraIngest {

  private static final Logger LOG = Logger.getLogger(CameraIngest.class);

  private final IngestConfig.Cameras config;
  private final String instance;
  private final KafkaProducer<String, byte[]> frameProducer;
  private final KafkaProducer<String, byte[]> controlProducer;
  private final CameraRegistry registry;
  private final CameraFleet fleet;
  private final CameraValidator validator;
  private final ScheduledExecutorService reporter;
  private final PushedFrames pushed;
  private final FrameEncoder pushedEncoder;
  private final long maxPixels;
  private final Duration publishTimeout;

  public CameraIngest(
      IngestConfig config,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      MeterRegistry meters) {
    this.config = config.cameras();
    this.pushed = new PushedFrames(this.config.stallTimeout());
    this.pushedEncoder = new FrameEncoder(this.config.jpegQuality());
    this.maxPixels = config.maxUploadPixels();
    this.publishTimeout = config.publishTimeout();
    this.instance = this.config.instance().orElseGet(CameraIngest::defaultInstance);
    this.validator = new CameraValidator(this.config.minFps(), this.config.maxFps());
    Map<String, Object> common = new HashMap<>();
    common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    common.put(CommonClientConfigs.CLIENT_ID_CONFIG, "ingest-cameras-" + instance);

    Map<String, Object> frames = new HashMap<>(common);
    frames.put(ProducerConfig.ACKS_CONFIG, "1");
    frames.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    frames.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 11534336);
    frames.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
    frames.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    frames.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
    this.frameProducer =
        new KafkaProducer<>(frames, new StringSerializer(), new ByteArraySerializer());

    Map<String, Object> control = new HashMap<>(common);
    control.put(CommonClientConfigs.CLIENT_ID_CONFIG, "ingest-registry-" + instance);
    control.put(ProducerConfig.ACKS_CONFIG, "all");
    control.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
    control.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    control.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
    this.controlProducer =
        new KafkaProducer<>(control, new StringSerializer(), new ByteArraySerializer());

    Map<String, Object> consumer = new HashMap<>(common);
    this.registry =
        new CameraRegistry(
            consumer,
            controlProducer,
            Topics.CAMERAS,
            Topics.CAMERA_STATUS,
            this.config.statusInterval().multipliedBy(3).plusMinutes(1),
            this.config.writeTimeout());
    registry.start();

    Clock clock = Clock.systemUTC();
    FrameTally tally = new FrameTally();
    registerFrameCounters(meters, tally);
    SourceFactory sources =
        new SourceFactory(
            this.config.connectTimeout(),
            this.config.stallTimeout(),
            this.config.maxPictureBytes(),
            clock);
    FrameEncoder encoder = new FrameEncoder(this.config.jpegQuality());
    KafkaFrameSink sink = new KafkaFrameSink(frameProducer);
    CameraWorker.Settings settings =
        new CameraWorker.Settings(
            this.config.queueSize(),
            this.config.maxInFlight(),
            new Backoff(
                this.config.backoffInitial(),
                this.config.backoffMax(),
                () -> ThreadLocalRandom.current().nextDouble()),
            this.config.stallTimeout(),
            tally);
    Map<String, Object> group = new HashMap<>(common);
    group.put(CommonClientConfigs.CLIENT_ID_CONFIG, "ingest-fleet-" + instance);
    this.fleet =
        new CameraFleet(
            group,
            Topics.CAMERAS,
            this.config.groupId(),
            camera -> new CameraWorker(camera, sources, encoder, sink, settings, clock));
    if (this.config.enabled()) {
      fleet.start();
    }
    this.reporter =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "camera-status");
              t.setDaemon(true);
              return t;
            });
    long every = this.config.statusInterval().toMillis();
    reporter.scheduleAtFixedRate(this::report, every, every, TimeUnit.MILLISECONDS);
    Gauge.builder("maskwatch.cameras.pulled", fleet, f -> f.pulled().size())
        .description("Cameras this replica pulls")
        .register(meters);
    LOG.infof(
        "cameras: instance %s, group %s, pulling %s",
        instance, this.config.groupId(), this.config.enabled() ? "on" : "off");
  }

  /** {@code maskwatch_camera_frames_total{outcome}}: what became of the pulled cameras' frames. */
  private static void registerFrameCounters(MeterRegistry meters, FrameTally tally) {
    FunctionCounter.builder("maskwatch.camera.frames", tally, FrameTally::sentCount)
        .description("Frames of pulled cameras, by what became of them")
        .tag("outcome", "sent")
        .register(meters);
    FunctionCounter.builder("maskwatch.camera.frames", tally, FrameTally::droppedCount)
        .description("Frames of pulled cameras, by what became of them")
        .tag("outcome", "dropped")
        .register(meters);
    FunctionCounter.builder("maskwatch.camera.frames", tally, FrameTally::skippedCount)
        .description("Frames of pulled cameras, by what became of them")
        .tag("outcome", "skipped")
        .register(meters);
  }

  private static String defaultInstance() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "ingest";
    }
    return host + "-" + ProcessHandle.current().pid();
  }

  public CameraRegistry registry() {
    return registry;
  }

  public CameraValidator validator() {
    return validator;
  }

  public String instance() {
    return instance;
  }

  /** Ids of the cameras this replica pulls. */
  public List<String> pulled() {
    return List.copyOf(fleet.pulled());
  }

  /**
   * Publishes a frame a webcam posted: checks that it is a whole JPEG, scales it to the camera's
   * maximum size, and sends it to {@code frames} (source webcam, keyed by camera id), waiting for
   * Kafka's acknowledgement.
   *
   * @throws PushedFrameRejectedException for bytes that are not a usable JPEG (counted as dropped)
   * @throws PublishFailedException when Kafka did not take it (counted as dropped)
   */
  public CapturedFrame publishPushed(CameraSpec camera, byte[] jpeg) {
    Instant capturedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    FrameEncoder.Encoded encoded;
    try {
      if (jpeg.length == 0) {
        throw new PushedFrameRejectedException("empty body, no picture");
      }
      if (ImageFormat.sniff(jpeg).orElse(null) != ImageFormat.JPEG) {
        throw new PushedFrameRejectedException(
            "the body is " + ImageFormat.describe(jpeg) + ", not a JPEG");
      }
      Images.decode(jpeg, "webcam frame", maxPixels).release();
      encoded =
          pushedEncoder.encode(
              Picture.ofJpeg(jpeg, capturedAt), camera.maxWidth(), camera.maxHeight());
    } catch (InvalidImageException | IOException e) {
      PushedFrameRejectedException rejected = new PushedFrameRejectedException(e.getMessage());
      pushed.dropped(camera.id(), rejected.getMessage());
      throw rejected;
    } catch (PushedFrameRejectedException e) {
      pushed.dropped(camera.id(), e.getMessage());
      throw e;
    }
    CapturedFrame frame =
        new CapturedFrame(
            camera.id(),
            java.util.UUID.randomUUID().toString(),
            capturedAt,
            encoded.width(),
            encoded.height(),
            encoded.jpeg());
    byte[] value =
        io.maskwatch.events.EventCodec.FRAME.encode(
            CameraEvents.frame(camera, frame, FrameSource.webcam));
    try {
      frameProducer
          .send(new ProducerRecord<>(Topics.FRAMES, camera.id(), value))
          .get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pushed.dropped(camera.id(), "interrupted while publishing");
      throw new PublishFailedException("interrupted while publishing", e);
    } catch (ExecutionException | TimeoutException e) {
      String reason =
          e instanceof TimeoutException
              ? "Kafka did not acknowledge the frame within " + publishTimeout.toSeconds() + " s"
              : "Kafka did not take the frame: " + e.getCause().getMessage();
      pushed.dropped(camera.id(), "publishing to Kafka failed: " + reason);
      throw new PublishFailedException(reason, e);
    }
    pushed.sent(camera.id(), capturedAt);
    return frame;
  }

  /** Forgets the counts of a pushed camera (deleted, or changed into a pulled one). */
  public void forgetPushed(String id) {
    pushed.forget(id);
  }

  /** The freshest status known here: this replica's own when it pulls the camera. */
  public Optional<CameraEvents.ReportedStatus> status(String id) {
    CaptureStatus webcam = pushed.status(id);
    if (webcam != null) {
      return Optional.of(new CameraEvents.ReportedStatus(webcam, instance, Instant.now()));
    }
    CaptureStatus local = fleet.status(id);
    if (local != null) {
      return Optional.of(new CameraEvents.ReportedStatus(local, instance, Instant.now()));
    }
    return registry.status(id);
  }

  /** The registry's stored camera, for a PUT that sends back the redacted URL it was shown. */
  public Optional<CameraSpec> stored(String id) {
    return registry.get(id);
  }

  private void report() {
    try {
      Instant now = Instant.now();
      List<CaptureStatus> statuses = new ArrayList<>(fleet.statuses());
      statuses.addAll(pushed.statuses());
      for (CaptureStatus status : statuses) {
        controlProducer.send(
            new ProducerRecord<>(
                Topics.CAMERA_STATUS,
                status.cameraId(),
                CameraEvents.encode(status, instance, now)),
            (meta, e) -> {
              if (e != null) {
                LOG.debugf("camera-status not written: %s", e.getMessage());
              }
            });
      }
    } catch (RuntimeException e) {
      LOG.warnf("camera-status: report failed: %s", e.getMessage());
    }
  }

  @PreDestroy
  void stop() {
    reporter.shutdownNow();
    fleet.close();
    registry.close();
    frameProducer.close(java.time.Duration.ofSeconds(5));
    controlProducer.close(java.time.Duration.ofSeconds(5));
  }
}
