package io.maskwatch.mask.messaging;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Faces;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import io.maskwatch.mask.MaskModel;
import io.maskwatch.mask.config.MaskConfig;
import io.maskwatch.mask.domain.FrameClassifier;
import io.maskwatch.vision.classify.MaskPrediction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Consumes {@code faces}, classifies every crop of a frame and emits one {@code verdicts} message
 * per frame, keyed by camera id. The input is acknowledged only once Kafka has the output; a
 * message that cannot be used (not a Faces event, a crop that does not decode, any other failure)
 * is nacked, which sends it to {@code dead-letters} with the reason, and the next one is read.
 */
@ApplicationScoped
public class FacesConsumer {

  private static final Logger LOG = Logger.getLogger(FacesConsumer.class);

  private final MaskModel model;
  private final MaskConfig config;
  private final MaskMetrics metrics;
  private final Emitter<Verdicts> verdicts;
  private final Clock clock;

  public FacesConsumer(
      MaskModel model,
      MaskConfig config,
      MaskMetrics metrics,
      @Channel(Topics.VERDICTS) Emitter<Verdicts> verdicts) {
    this.model = model;
    this.config = config;
    this.metrics = metrics;
    this.verdicts = verdicts;
    this.clock = Clock.systemUTC();
  }

  /** Blocking and ordered: one frame at a time per replica, in the order of the partition. */
  @Incoming(Topics.FACES)
  @Blocking
  public CompletionStage<Void> onFaces(Message<byte[]> message) {
    Verdicts out;
    List<MaskPrediction> predictions;
    try {
      Faces faces = EventCodec.FACES.decode(message.getPayload());
      FrameClassifier frames =
          new FrameClassifier(model.classifier(), config.maxCropPixels(), metrics);
      predictions = frames.classify(VerdictsMapper.describe(faces), VerdictsMapper.crops(faces));
      out = VerdictsMapper.toVerdicts(faces, predictions, model.identity(), clock.instant());
    } catch (RuntimeException e) {
      return reject(message, e);
    }
    CompletableFuture<Void> sent = new CompletableFuture<>();
    try {
      verdicts.send(
          Message.of(
              out,
              Metadata.of(
                  OutgoingKafkaRecordMetadata.<String>builder().withKey(out.getCameraId()).build()),
              () -> {
                sent.complete(null);
                return CompletableFuture.completedFuture(null);
              },
              failure -> {
                sent.completeExceptionally(failure);
                return CompletableFuture.completedFuture(null);
              }));
    } catch (RuntimeException e) {
      sent.completeExceptionally(e);
    }
    return sent.handle(
            (ok, failure) -> {
              if (failure != null) {
                return reject(message, failure);
              }
              metrics.classified(predictions);
              return message.ack();
            })
        .thenCompose(stage -> stage);
  }

  private CompletionStage<Void> reject(Message<byte[]> message, Throwable failure) {
    Throwable reason =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
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
