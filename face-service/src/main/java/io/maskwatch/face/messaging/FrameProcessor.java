package io.maskwatch.face.messaging;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Faces;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.MalformedEventException;
import io.maskwatch.events.Topics;
import io.maskwatch.face.FaceFinder;
import io.maskwatch.face.domain.FrameFaces;
import io.maskwatch.vision.image.InvalidImageException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * {@code frames} in, one {@code faces} message per frame out, keyed by camera id. A frame is acked
 * only when its Faces message is on the broker; one that cannot be used is nacked, which sends it
 * to {@code dead-letters} with the reason, and the consumer moves on.
 *
 * <p>The {@code frames} channel starts paused and is resumed only when the detector is ready, so a
 * service without its cascade file leaves the frames in Kafka rather than dead-lettering them.
 */
@ApplicationScoped
public class FrameProcessor {

  private static final Logger LOG = Logger.getLogger(FrameProcessor.class);

  private final FaceFinder finder;
  private final ChannelRegistry channels;
  private final Counter rejectedMalformed;
  private final Counter rejectedImage;
  private final Counter rejectedOther;

  FrameProcessor(FaceFinder finder, ChannelRegistry channels, MeterRegistry registry) {
    this.finder = finder;
    this.channels = channels;
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
      LOG.infof("consuming %s with %d consumer(s)", Topics.FRAMES, copies.size());
    } else {
      LOG.errorf(
          "not consuming %s: %s", Topics.FRAMES, finder.unavailableReason().orElse("not ready"));
    }
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
   * Ordered within each consumer ({@code mp.messaging.incoming.frames.concurrency} of them, each
   * with its own partitions), so a camera's frames stay in order; consumers run side by side, each
   * on its own detector.
   */
  @Incoming(Topics.FRAMES)
  @Outgoing(Topics.FACES)
  @Blocking
  @Acknowledgment(Acknowledgment.Strategy.MANUAL)
  public Message<Faces> process(Message<byte[]> in) {
    FrameRef ref = frameRef(in);
    try {
      Frame frame = EventCodec.FRAME.decode(in.getPayload());
      FrameFaces found =
          finder.find(bytes(frame.getImage()), "frame " + frame.getFrameId(), frame.getCameraId());
      Faces faces = FacesMapper.toEvent(frame, ref, found, Instant.now());
      OutgoingKafkaRecordMetadata<String> key =
          OutgoingKafkaRecordMetadata.<String>builder().withKey(keyOf(in, frame)).build();
      // The incoming record's metadata is dropped (its headers must not steer the producer);
      // the ack and nack stay, so the frame is acked once the Faces message is written.
      return in.withPayload(faces).withMetadata(Metadata.of(key));
    } catch (RuntimeException e) {
      reject(in, ref, e);
      return null;
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
