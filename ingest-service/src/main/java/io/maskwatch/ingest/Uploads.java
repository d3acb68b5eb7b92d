package io.maskwatch.ingest;

import io.maskwatch.ingest.config.IngestConfig;
import io.maskwatch.ingest.domain.FileNames;
import io.maskwatch.ingest.domain.ImageFormat;
import io.maskwatch.ingest.domain.UploadFrame;
import io.maskwatch.ingest.domain.UploadRejectedException;
import io.maskwatch.ingest.domain.UploadResult;
import io.maskwatch.ingest.domain.UploadStatus;
import io.maskwatch.ingest.domain.UploadStore;
import io.maskwatch.ingest.domain.UploadValidator;
import io.maskwatch.ingest.domain.ValidatedImage;
import io.maskwatch.ingest.domain.VideoSampler;
import io.maskwatch.ingest.messaging.FramePublisher;
import io.maskwatch.ingest.messaging.PublishFailedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
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
  private final long maxVideoBytes;
  private final VideoSampler videoSampler;
  private final Counter videoFrames;

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
    IngestConfig.Uploads videos = config.uploads();
    this.maxVideoBytes = videos.maxVideoBytes();
    this.videoSampler =
        new VideoSampler(
            new VideoSampler.Settings(
                videos.videoFps(),
                videos.maxVideoFrames(),
                videos.videoMaxWidth(),
                videos.videoMaxHeight(),
                config.maxUploadPixels(),
                config.cameras().jpegQuality()));
    this.videoFrames =
        Counter.builder("maskwatch.upload.video.frames")
            .description("Frames sampled from video uploads and published")
            .register(registry);
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

  /**
   * Takes a video in: samples it into frames (all decoded before anything is published), publishes
   * them as frames of this one upload and waits for Kafka's acknowledgement of every one.
   *
   * @param file the video, as the client sent it
   * @param size its size in bytes
   * @throws UploadRejectedException when the video cannot be used (nothing was published)
   * @throws PublishFailedException when Kafka did not take all its frames
   */
  public UploadStatus acceptVideo(Path file, long size, String fileName) {
    Optional<String> name = FileNames.clean(fileName);
    String label = name.orElse("video");
    VideoSampler.SampledVideo video;
    try {
      if (size > maxVideoBytes) {
        throw new UploadRejectedException(
            UploadRejectedException.Reason.TOO_LARGE,
            "the video is " + size + " bytes, more than the limit of " + maxVideoBytes + " bytes");
      }
      if (size == 0) {
        throw new UploadRejectedException(
            UploadRejectedException.Reason.INVALID_IMAGE, label + ": empty body, no video");
      }
      video = videoSampler.sample(file, label);
    } catch (UploadRejectedException e) {
      count(e);
      LOG.infof("video upload rejected (%s): %s", e.reason(), e.getMessage());
      throw e;
    }
    String uploadId = UUID.randomUUID().toString();
    Instant acceptedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    List<UploadFrame> frames = new ArrayList<>(video.frames().size());
    for (VideoSampler.SampledFrame sampled : video.frames()) {
      Map<String, String> attributes = new HashMap<>();
      name.ifPresent(n -> attributes.put("fileName", n));
      attributes.put("videoFrameIndex", Integer.toString(sampled.index()));
      attributes.put("videoFrameCount", Integer.toString(video.frames().size()));
      attributes.put("videoOffsetMs", Long.toString(sampled.offsetMs()));
      frames.add(
          new UploadFrame(
              uploadId,
              UUID.randomUUID().toString(),
              CAMERA_ID,
              acceptedAt.plusMillis(sampled.offsetMs()),
              new ValidatedImage(ImageFormat.JPEG, sampled.width(), sampled.height()),
              sampled.jpeg(),
              attributes));
    }
    try {
      publisher.publishAll(frames);
    } catch (UploadRejectedException e) {
      count(e);
      throw e;
    } catch (PublishFailedException e) {
      counters.get(Outcome.FAILED_PUBLISH).increment();
      LOG.warnf("video upload %s not fully published: %s", uploadId, e.getMessage());
      throw e;
    }
    UploadStatus pending =
        new UploadStatus(
            uploadId,
            acceptedAt,
            frames.stream().map(UploadFrame::frameId).toList(),
            Map.of(),
            new UploadStatus.Video(
                video.frames().stream().map(VideoSampler.SampledFrame::offsetMs).toList(),
                videoSampler.settings().fps(),
                video.truncated()));
    store.accepted(pending);
    counters.get(Outcome.ACCEPTED).increment();
    videoFrames.increment(frames.size());
    LOG.infof(
        "video upload %s accepted: %s, %d frame(s) at %.2f fps%s, %d bytes",
        uploadId,
        label,
        frames.size(),
        videoSampler.settings().fps(),
        video.truncated() ? " (the video goes on beyond the frame limit)" : "",
        size);
    return pending;
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
