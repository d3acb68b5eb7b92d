package io.maskwatch.mask.messaging;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Faces;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import io.maskwatch.mask.MaskModel;
import io.maskwatch.mask.config.MaskConfig;
import io.maskwatch.mask.domain.FrameClassifier;
import io.maskwatch.mask.domain.InOrderPublisher;
import io.maskwatch.vision.classify.MaskPrediction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Consumes {@code faces}: decodes each message and its crops on the consumer's thread, queues the
 * faces on the model's inference pool, and reads on while the workers classify — many frames (and
 * cameras) are in flight at once, and a worker's batch may mix them. One {@code verdicts} message
 * goes out per frame, keyed by camera id, in the order the frames of that camera arrived ({@link
 * InOrderPublisher}). A message is acknowledged only once Kafka has its verdicts, and the Kafka
 * connector commits an offset only when every message before it in the partition is acknowledged:
 * at least once, nothing skipped. A message that cannot be used (not a Faces event, a crop that
 * does not decode, any other failure) is nacked, which sends it to {@code dead-letters} with the
 * reason, and the next one is read.
 */
@ApplicationScoped
public class FacesConsumer {

  private static final Logger LOG = Logger.getLogger(FacesConsumer.class);

  private final MaskModel model;
  private final MaskMetrics metrics;
  private final long maxCropPixels;
  private final InOrderPublisher<Classified> publisher;
  private final Clock clock;

  public FacesConsumer(
      MaskModel model,
      MaskConfig config,
      MaskMetrics metrics,
      @Channel(Topics.VERDICTS) @OnOverflow(value = OnOverflow.Strategy.UNBOUNDED_BUFFER)
          Emitter<Verdicts> verdicts) {
    this.model = model;
    this.metrics = metrics;
    this.maxCropPixels = config.maxCropPixels();
    this.publisher =
        new InOrderPublisher<>(
            out -> send(verdicts, out.key(), out.verdicts()), config.maxInFlightFrames());
    this.clock = Clock.systemUTC();
  }

  /**
   * Ordered: messages are decoded and queued one at a time in partition order; blocks while {@code
   * max-in-flight-frames} frames are unsettled.
   */
  @Incoming(Topics.FACES)
  @Blocking
  public CompletionStage<Void> onFaces(Message<byte[]> message) {
    String key;
    CompletableFuture<Classified> out;
    try {
      Faces faces = EventCodec.FACES.decode(message.getPayload());
      key = keyOf(message, faces);
      List<byte[]> crops = VerdictsMapper.crops(faces);
      String frame = VerdictsMapper.describe(faces);
      out =
          model.withCurrent(
              loaded ->
                  new FrameClassifier(loaded.pool(), maxCropPixels, metrics)
                      .classify(frame, crops)
                      .thenApply(
                          predictions ->
                              new Classified(
                                  key,
                                  VerdictsMapper.toVerdicts(
                                      faces, predictions, loaded.identity(), clock.instant()),
                                  predictions)));
    } catch (RuntimeException e) {
      return reject(message, e);
    }
    try {
      publisher.submit(
          key,
          out,
          new InOrderPublisher.Input() {
            @Override
            public void done() {
              metrics.classified(out.join().predictions());
              message.ack();
            }

            @Override
            public void failed(Throwable reason) {
              reject(message, reason);
            }
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return reject(message, e);
    }
    // Settled later, by the publisher; the next message may be read now.
    return CompletableFuture.completedFuture(null);
  }

  /**
   * The frame's Kafka key, kept on its verdicts: the camera id for camera frames (verdicts of a
   * camera stay in order on one partition), the upload id for uploads (so uploads spread over the
   * partitions). The camera id where the record has no key.
   */
  private static String keyOf(Message<byte[]> message, Faces faces) {
    return message
        .getMetadata(IncomingKafkaRecordMetadata.class)
        .map(IncomingKafkaRecordMetadata::getKey)
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .orElse(faces.getCameraId());
  }

  /**
   * A frame's verdicts with the key they go out under, and the predictions they came from (for the
   * per-label counts).
   */
  private record Classified(String key, Verdicts verdicts, List<MaskPrediction> predictions) {}

  private static CompletionStage<Void> send(Emitter<Verdicts> verdicts, String key, Verdicts out) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    verdicts.send(
        Message.of(
            out,
            Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()),
            () -> {
              sent.complete(null);
              return CompletableFuture.completedFuture(null);
            },
            failure -> {
              sent.completeExceptionally(failure);
              return CompletableFuture.completedFuture(null);
            }));
    return sent;
  }

  private CompletionStage<Void> reject(Message<byte[]> message, Throwable reason) {
    metrics.rejected();
    LOG.warnf(
        "faces message %s sent to %s: %s",
        position(message),
        Topics.DEAD_LETTERS,
        reason.getMessage() != null ? reason.getMessage() : reason.getClass().getName());
    return message.nack(reason);
  }

  private static String position(Message<?> message) {
    return message
        .getMetadata(IncomingKafkaRecordMetadata.class)
        .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
        .orElse("(no Kafka position)");
  }
}
