package io.maskwatch.ingest;

import io.maskwatch.ingest.config.IngestConfig;
import io.maskwatch.ingest.domain.FileNames;
import io.maskwatch.ingest.domain.UploadFrame;
import io.maskwatch.ingest.domain.UploadRejectedException;
import io.maskwatch.ingest.domain.UploadResult;
import io.maskwatch.ingest.domain.UploadStatus;
import io.maskwatch.ingest.domain.UploadStore;
import io.maskwatch.ingest.domain.UploadValidator;
import io.maskwatch.ingest.domain.ValidatedImage;
import io.maskwatch.ingest.messaging.FramePublisher;
import io.maskwatch.ingest.messaging.PublishFailedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Photo uploads: checks a picture, publishes it as a frame of camera {@value #CAMERA_ID}, and
 * answers for it until its verdicts arrive and for a while after.
 */
@ApplicationScoped
@Startup // its meters are on /q/metrics, at zero, before the first upload
public class Uploads {

  /** The camera id every upload's frame carries (and its Kafka key). */
  public static final String CAMERA_ID = "upload";

  private static final Logger LOG = Logger.getLogger(Uploads.class);

  /** The values of the {@code outcome} tag of {@code maskwatch_uploads_total}. */
  enum Outcome {
    ACCEPTED,
    REJECTED_TYPE,
    REJECTED_SIZE,
    REJECTED_CORRUPT,
    FAILED_PUBLISH;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final UploadValidator validator;
  private final UploadStore store;
  private final FramePublisher publisher;
  private final Clock clock;
  private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

  public Uploads(IngestConfig config, FramePublisher publisher, MeterRegistry registry) {
    this.clock = Clock.systemUTC();
    this.validator = new UploadValidator(config.maxUploadBytes(), config.maxUploadPixels());
    this.store =
        new UploadStore(config.uploadStatus().maxEntries(), config.uploadStatus().ttl(), clock);
    this.publisher = publisher;
    for (Outcome outcome : Outcome.values()) {
      counters.put(
          outcome,
          Counter.builder("maskwatch.uploads")
              .description("Uploads received, by outcome")
              .tag("outcome", outcome.tag())
              .register(registry));
    }
    registry.gauge("maskwatch.uploads.tracked", store, UploadStore::size);
  }

  /**
   * Takes a picture in: validates it, publishes its frame and waits for Kafka's acknowledgement.
   *
   * @param contentType the declared type (Content-Type, or the multipart part's type)
   * @param fileName the client's file name, if it sent one
   * @return the pending status of the new upload
   * @throws UploadRejectedException when the picture cannot be used
   * @throws PublishFailedException when Kafka did not take it
   */
  public UploadStatus accept(String contentType, byte[] bytes, String fileName) {
    Optional<String> name = FileNames.clean(fileName);
    ValidatedImage image;
    try {
      image = validator.validate(contentType, bytes, name.orElse("upload"));
    } catch (UploadRejectedException e) {
      count(e);
      LOG.infof("upload rejected (%s): %s", e.reason(), e.getMessage());
      throw e;
    }
    UploadFrame frame =
        new UploadFrame(
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            CAMERA_ID,
            clock.instant().truncatedTo(ChronoUnit.MILLIS),
            image,
            bytes,
            name.map(n -> Map.of("fileName", n)).orElse(Map.of()));
    try {
      publisher.publish(frame);
    } catch (UploadRejectedException e) {
      count(e);
      throw e;
    } catch (PublishFailedException e) {
      counters.get(Outcome.FAILED_PUBLISH).increment();
      LOG.warnf("upload %s not published: %s", frame.uploadId(), e.getMessage());
      throw e;
    }
    store.accepted(frame.uploadId(), frame.frameId(), frame.capturedAt());
    counters.get(Outcome.ACCEPTED).increment();
    LOG.infof(
        "upload %s accepted as frame %s: %s %dx%d, %d bytes",
        frame.uploadId(),
        frame.frameId(),
        image.format(),
        image.width(),
        image.height(),
        bytes.length);
    return new UploadStatus(frame.uploadId(), frame.frameId(), frame.capturedAt(), null);
  }

  /** The upload's status, or empty when this instance does not know it (or forgot it). */
  public Optional<UploadStatus> status(String uploadId) {
    return store.find(uploadId);
  }

  /** The verdicts of an upload arrived (accepted here or by another instance). */
  public void resultArrived(UploadResult result) {
    if (store.completed(result)) {
      LOG.debugf("upload %s done: %d face(s)", result.uploadId(), result.faces().size());
    }
  }

  private void count(UploadRejectedException e) {
    Outcome outcome =
        switch (e.reason()) {
          case UNSUPPORTED_TYPE -> Outcome.REJECTED_TYPE;
          case TOO_LARGE -> Outcome.REJECTED_SIZE;
          case INVALID_IMAGE -> Outcome.REJECTED_CORRUPT;
        };
    counters.get(outcome).increment();
  }
}
