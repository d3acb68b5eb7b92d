package io.maskwatch.ingest.messaging;

import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Topics;
import io.maskwatch.ingest.config.IngestConfig;
import io.maskwatch.ingest.domain.UploadFrame;
import io.maskwatch.ingest.domain.UploadRejectedException;
import io.maskwatch.ingest.domain.UploadRejectedException.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes frames to {@code frames}, keyed by camera id, and returns only once Kafka has
 * acknowledged them (the producer uses acks=all), so an upload that was answered 202 is not lost.
 */
@ApplicationScoped
@Startup // its timers are on /q/metrics before the first upload
public class FramePublisher {

  private static final Logger LOG = Logger.getLogger(FramePublisher.class);

  private final MutinyEmitter<Frame> frames;
  private final Duration timeout;
  private final MeterRegistry registry;
  private final Timer published;
  private final Timer failed;

  public FramePublisher(
      @Channel(Topics.FRAMES) MutinyEmitter<Frame> frames,
      IngestConfig config,
      MeterRegistry registry) {
    this.frames = frames;
    this.timeout = config.publishTimeout();
    this.registry = registry;
    this.published = publishTimer(registry, "success");
    this.failed = publishTimer(registry, "failure");
  }

  private static Timer publishTimer(MeterRegistry registry, String outcome) {
    return Timer.builder("maskwatch.upload.publish")
        .description("Time from sending an upload's frame to Kafka's acknowledgement")
        .tag("outcome", outcome)
        .register(registry);
  }

  /**
   * Sends the frame and waits for Kafka's acknowledgement.
   *
   * @throws UploadRejectedException (TOO_LARGE) when Kafka refuses a message this large
   * @throws PublishFailedException when Kafka fails or does not acknowledge within the timeout
   */
  public void publish(UploadFrame upload) {
    Message<Frame> message =
        Message.of(toFrame(upload))
            .addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(upload.uploadId()).build());
    Timer.Sample sample = Timer.start(registry);
    Timer outcome = failed;
    try {
      frames.sendMessage(message).await().atMost(timeout);
      outcome = published;
    } catch (io.smallrye.mutiny.TimeoutException e) {
      throw new PublishFailedException(
          "Kafka did not acknowledge the frame within " + timeout.toSeconds() + " s", e);
    } catch (RuntimeException e) {
      if (causedBy(e, RecordTooLargeException.class)) {
        LOG.warnf(
            "upload %s: Kafka refused a %d-byte frame as too large; raise the frames topic's"
                + " max.message.bytes and the producer's max.request.size, or lower"
                + " maskwatch.ingest.max-upload-bytes",
            upload.uploadId(), upload.bytes().length);
        throw new UploadRejectedException(
            Reason.TOO_LARGE,
            "the upload is "
                + upload.bytes().length
                + " bytes, more than Kafka accepts for one frame here",
            e);
      }
      throw new PublishFailedException("Kafka did not take the frame: " + rootMessage(e), e);
    } finally {
      sample.stop(outcome);
    }
  }

  /** Frames of one video sent to Kafka at once before waiting for their acknowledgements. */
  private static final int WINDOW = 16;

  /**
   * Sends all frames of one upload (a video's), a window at a time, and waits for Kafka's
   * acknowledgement of every one.
   *
   * @throws UploadRejectedException (TOO_LARGE) when Kafka refuses a message this large
   * @throws PublishFailedException when Kafka fails or does not acknowledge within the timeout; its
   *     message says how many frames were published before
   */
  public void publishAll(List<UploadFrame> uploads) {
    int acknowledged = 0;
    for (int from = 0; from < uploads.size(); from += WINDOW) {
      List<UploadFrame> window = uploads.subList(from, Math.min(uploads.size(), from + WINDOW));
      List<CompletableFuture<Void>> sent = new ArrayList<>(window.size());
      Timer.Sample sample = Timer.start(registry);
      Timer outcome = failed;
      try {
        for (UploadFrame upload : window) {
          sent.add(
              frames
                  .sendMessage(
                      Message.of(toFrame(upload))
                          .addMetadata(
                              OutgoingKafkaRecordMetadata.<String>builder()
                                  .withKey(upload.uploadId())
                                  .build()))
                  .subscribeAsCompletionStage());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        outcome = published;
        acknowledged += window.size();
      } catch (java.util.concurrent.TimeoutException e) {
        throw new PublishFailedException(
            "Kafka did not acknowledge the frames within "
                + timeout.toSeconds()
                + " s ("
                + acknowledged
                + " of "
                + uploads.size()
                + " frames were published before)",
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishFailedException("interrupted while publishing", e);
      } catch (ExecutionException | RuntimeException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (causedBy(cause, RecordTooLargeException.class)) {
          throw new UploadRejectedException(
              Reason.TOO_LARGE, "a frame of the video is more than Kafka accepts here", cause);
        }
        throw new PublishFailedException(
            "Kafka did not take the frames ("
                + acknowledged
                + " of "
                + uploads.size()
                + " were published before): "
                + rootMessage(cause),
            cause);
      } finally {
        sample.stop(outcome);
      }
    }
  }

  static Frame toFrame(UploadFrame upload) {
    return Frame.newBuilder()
        .setFrameId(upload.frameId())
        .setCameraId(upload.cameraId())
        .setSource(FrameSource.upload)
        .setCapturedAt(upload.capturedAt())
        .setWidth(upload.image().width())
        .setHeight(upload.image().height())
        .setContentType(upload.image().format().contentType())
        .setImage(ByteBuffer.wrap(upload.bytes()))
        .setUploadId(upload.uploadId())
        .setAttributes(upload.attributes())
        .build();
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
