package io.maskwatch.face.messaging;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Faces;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.MalformedEventException;
import io.maskwatch.events.Topics;
import io.maskwatch.face.FaceFinder;
import io.maskwatch.face.config.FaceConfig;
import io.maskwatch.face.domain.FrameFaces;
import io.maskwatch.vision.image.InvalidImageException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * {@code frames} in, one {@code faces} message per frame out, keyed by camera id. A frame is acked
 * only when its Faces message is on the broker; one that cannot be used is nacked, which sends it
 * to {@code dead-letters} with the reason, and the consumer moves on.
 *
 * <p>Frames are searched by {@code maskwatch.face.workers} threads side by side ({@link
 * KeyedWorkers}), each on a detector of its own, whichever partitions they came from; frames with
 * the same Kafka key (a camera, an upload) are searched and sent one after another, in order.
 *
 * <p>The {@code frames} channel starts paused and is resumed only when the detector is ready, so a
 * service without its cascade file leaves the frames in Kafka rather than dead-lettering them.
 */
@ApplicationScoped
public class FrameProcessor {

  private static final Logger LOG = Logger.getLogger(FrameProcessor.class);

  /** Faces messages sent and not yet acknowledged by the broker, at most (then workers wait). */
  static final int MAX_UNACKNOWLEDGED = 64;

  private final FaceFinder finder;
  private final ChannelRegistry channels;
  private final Emitter<Faces> facesOut;
  private final KeyedWorkers workers;
  private final Semaphore unacknowledged = new Semaphore(MAX_UNACKNOWLEDGED);
  private final Counter rejectedMalformed;
  private final Counter rejectedImage;
  private final Counter rejectedOther;

  FrameProcessor(
      FaceFinder finder,
      ChannelRegistry channels,
      @Channel(Topics.FACES) Emitter<Faces> facesOut,
      FaceConfig config,
      MeterRegistry registry) {
    this.finder = finder;
    this.channels = channels;
    this.facesOut = facesOut;
    int count = config.workers().orElse(Runtime.getRuntime().availableProcessors());
    if (count < 1 || count > MAX_UNACKNOWLEDGED / 2) {
      throw new IllegalArgumentException(
          "maskwatch.face.workers must be within 1.." + MAX_UNACKNOWLEDGED / 2 + ", got " + count);
    }
    this.workers = new KeyedWorkers(count, 2 * count, "face-worker");
    Gauge.builder("maskwatch.face.frames.in.flight", workers, KeyedWorkers::inFlight)
        .description("Frames taken from Kafka and not yet searched and sent")
        .register(registry);
    this.rejectedMalformed = rejected(registry, "malformed-event");
    this.rejectedImage = rejected(registry, "invalid-image");
    this.rejectedOther = rejected(registry, "error");
  }

  void start(@Observes StartupEvent event) {
    List<PausableChannel> copies = frameChannels();
    if (copies.isEmpty()) {
      throw new IllegalStateException(
          "channel '"
              + Topics.FRAMES
              + "' is not pausable: set mp.messaging.incoming.frames.pausable");
    }
    if (finder.isReady()) {
      copies.forEach(PausableChannel::resume);
      LOG.infof(
          "consuming %s with %d consumer(s) and %d worker(s)",
          Topics.FRAMES, copies.size(), workers.workers());
    } else {
      LOG.errorf(
          "not consuming %s: %s", Topics.FRAMES, finder.unavailableReason().orElse("not ready"));
    }
  }

  @PreDestroy
  void stop() {
    workers.close();
  }

  /** The most frames ever taken and not yet done at one time (tests check the bound). */
  int peakFramesInFlight() {
    return workers.peakInFlight();
  }

  /**
   * The {@code frames} channel, or its copies {@code frames$1}, {@code frames$2}, ... when {@code
   * mp.messaging.incoming.frames.concurrency} is above 1 (each copy is a consumer of its own).
   */
  private List<PausableChannel> frameChannels() {
    List<PausableChannel> copies = new ArrayList<>();
    PausableChannel copy;
    for (int i = 1; (copy = channels.getPausable(Topics.FRAMES + "$" + i)) != null; i++) {
      copies.add(copy);
    }
    PausableChannel single = channels.getPausable(Topics.FRAMES);
    if (copies.isEmpty() && single != null) {
      copies.add(single);
    }
    return copies;
  }

  /**
   * Hands the frame to the workers, behind the earlier frames with its key; the consumer takes its
   * next record once fewer than two frames per worker are waiting or being searched.
   */
  @Incoming(Topics.FRAMES)
  @Acknowledgment(Acknowledgment.Strategy.MANUAL)
  public CompletionStage<Void> process(Message<byte[]> in) {
    return workers.submit(orderKey(in), () -> search(in));
  }

  private void search(Message<byte[]> in) {
    FrameRef ref = frameRef(in);
    Message<Faces> out;
    try {
      Frame frame = EventCodec.FRAME.decode(in.getPayload());
      FrameFaces found =
          finder.find(bytes(frame.getImage()), "frame " + frame.getFrameId(), frame.getCameraId());
      Faces faces = FacesMapper.toEvent(frame, ref, found, Instant.now());
      OutgoingKafkaRecordMetadata<String> key =
          OutgoingKafkaRecordMetadata.<String>builder().withKey(keyOf(in, frame)).build();
      // The incoming record's metadata is dropped (its headers must not steer the producer); the
      // frame is acked once its Faces message is written, and nacked if it cannot be.
      out = in.withPayload(faces).withMetadata(Metadata.of(key));
    } catch (RuntimeException e) {
      reject(in, ref, e);
      return;
    }
    unacknowledged.acquireUninterruptibly();
    try {
      facesOut.send(
          out.withAck(
                  () -> {
                    unacknowledged.release();
                    return in.ack();
                  })
              .withNack(
                  failure -> {
                    unacknowledged.release();
                    return in.nack(failure);
                  }));
    } catch (RuntimeException e) {
      // The faces channel is closed (shutting down): the frame stays unacked and is read again.
      unacknowledged.release();
      LOG.warnf("%s not sent (%s); it will be read again", describe(ref), e.getMessage());
    }
  }

  private void reject(Message<byte[]> in, FrameRef ref, RuntimeException e) {
    if (e instanceof MalformedEventException) {
      rejectedMalformed.increment();
    } else if (e instanceof InvalidImageException) {
      rejectedImage.increment();
    } else {
      rejectedOther.increment();
    }
    if (e instanceof MalformedEventException || e instanceof InvalidImageException) {
      LOG.warnf("%s sent to %s: %s", describe(ref), Topics.DEAD_LETTERS, e.getMessage());
    } else {
      LOG.errorf(
          e, "%s sent to %s after an unexpected failure", describe(ref), Topics.DEAD_LETTERS);
    }
    in.nack(e);
  }

  /** What orders the frame behind others: its Kafka key, else its partition. */
  private static String orderKey(Message<?> in) {
    return in.getMetadata(IncomingKafkaRecordMetadata.class)
        .map(
            m ->
                m.getKey() instanceof String key
                    ? "key:" + key
                    : "partition:" + m.getTopic() + "-" + m.getPartition())
        .orElse("none");
  }

  /**
   * The frame's Kafka key, kept on its Faces: the camera id for camera frames (a camera stays in
   * order on one partition), the upload id for uploads (uploads spread over the partitions). The
   * camera id where the record has no key.
   */
  private static String keyOf(Message<?> in, Frame frame) {
    return in.getMetadata(IncomingKafkaRecordMetadata.class)
        .map(IncomingKafkaRecordMetadata::getKey)
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .orElse(frame.getCameraId());
  }

  private static FrameRef frameRef(Message<?> in) {
    return in.getMetadata(IncomingKafkaRecordMetadata.class)
        .map(m -> new FrameRef(m.getTopic(), m.getPartition(), m.getOffset()))
        .orElseGet(() -> new FrameRef(Topics.FRAMES, -1, -1L));
  }

  private static String describe(FrameRef ref) {
    return "record " + ref.getTopic() + "-" + ref.getPartition() + "@" + ref.getOffset();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  private static Counter rejected(MeterRegistry registry, String reason) {
    return Counter.builder("maskwatch.frames.rejected")
        .description("Frames sent to dead-letters, by reason")
        .tag("reason", reason)
        .register(registry);
  }
}
