package io.maskwatch.ingest.messaging;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import io.maskwatch.ingest.Uploads;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads every verdict and keeps those of uploads, so that this instance can answer for any upload,
 * whichever instance accepted it. A message that is not a readable Verdicts event is nacked: the
 * channel's dead-letter-queue strategy sends it to {@code dead-letters} with the reason.
 */
@ApplicationScoped
public class VerdictsConsumer {

  private static final Logger LOG = Logger.getLogger(VerdictsConsumer.class);

  private final Uploads uploads;

  public VerdictsConsumer(Uploads uploads) {
    this.uploads = uploads;
  }

  @Incoming(Topics.VERDICTS)
  public CompletionStage<Void> consume(Message<byte[]> message) {
    try {
      Verdicts verdicts = EventCodec.VERDICTS.decode(message.getPayload());
      if (verdicts.getUploadId() != null) {
        uploads.resultArrived(VerdictsMapping.toResult(verdicts));
      }
    } catch (RuntimeException e) {
      LOG.warnf("verdicts: unusable message sent to %s: %s", Topics.DEAD_LETTERS, e.getMessage());
      return message.nack(e);
    }
    return message.ack();
  }
}
