package io.maskwatch.face;

import io.maskwatch.face.config.FaceConfig;
import io.maskwatch.face.domain.DetectionFilter;
import io.maskwatch.face.domain.FaceCropper;
import io.maskwatch.face.domain.FoundFace;
import io.maskwatch.face.domain.FrameFaces;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.detect.DetectorUnavailableException;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.image.InvalidImageException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.opencv.core.Mat;

/**
 * The service's work on one picture: decode, detect, crop and encode, each stage timed. Built at
 * start-up; when the detector cannot be built (no cascade or model file) it says why instead of
 * working.
 *
 * <p>Not for concurrent use: the detector holds OpenCV state that is not thread-safe, so frames go
 * through one at a time (the consumer is {@code @Blocking} and ordered).
 */
@Startup
@Singleton
public class FaceFinder {

  private static final Logger LOG = Logger.getLogger(FaceFinder.class);

  private final String detectorName;
  private final String detectorChoice;
  private final FaceDetector detector;
  private final String unavailableReason;
  private final FaceCropper cropper;
  private final long maxPixels;
  private final Map<String, DetectionFilter> cameraFilters;
  private final Counter framesProcessed;
  private final Counter facesDetected;
  private final Timer decodeTimer;
  private final Timer detectTimer;
  private final Timer cropTimer;

  FaceFinder(FaceConfig config, MeterRegistry registry) {
    this.cropper = new FaceCropper(config.cropMargin(), config.cropSize(), config.jpegQuality());
    this.maxPixels = config.maxPixels();
    this.cameraFilters = cameraFilters(config);
    String name = config.detector().strip();
    FaceDetector built = null;
    String reason = null;
    String why = "maskwatch.face.detector=" + name;
    try {
      DetectorFactory.Choice choice = DetectorFactory.choose(config);
      name = choice.name();
      why = choice.why();
      built = DetectorFactory.create(config, name);
      LOG.infof(
          "face detector %s in use (%s): %s; crops %d px, margin %.2f, JPEG quality %d",
          name,
          choice.why(),
          DetectorFactory.describe(config, name),
          config.cropSize(),
          config.cropMargin(),
          config.jpegQuality());
    } catch (DetectorUnavailableException e) {
      reason = e.getMessage();
      LOG.errorf("face detector %s unavailable, no frame will be consumed: %s", name, reason);
    }
    this.detectorName = name;
    this.detectorChoice = why;
    this.detector = built;
    this.unavailableReason = reason;
    this.framesProcessed =
        Counter.builder("maskwatch.frames.processed")
            .description("Frames decoded and searched for faces")
            .register(registry);
    this.facesDetected =
        Counter.builder("maskwatch.faces.detected")
            .description("Faces found and cropped")
            .tag("detector", detectorName)
            .register(registry);
    this.decodeTimer =
        Timer.builder("maskwatch.decode")
            .description("Decoding a frame's image")
            .register(registry);
    this.detectTimer =
        Timer.builder("maskwatch.detect")
            .description("Detecting the faces of one frame")
            .tag("detector", detectorName)
            .register(registry);
    this.cropTimer =
        Timer.builder("maskwatch.crop")
            .description("Cropping, resizing and JPEG-encoding the faces of one frame")
            .register(registry);
  }

  /**
   * {@code maskwatch.face.cameras.<id>.*}, checked at start (a bad value stops the service with the
   * key named); each camera's filter is logged.
   */
  private static Map<String, DetectionFilter> cameraFilters(FaceConfig config) {
    Map<String, DetectionFilter> filters = new TreeMap<>();
    config
        .cameras()
        .forEach(
            (camera, settings) -> {
              DetectionFilter filter;
              try {
                filter =
                    new DetectionFilter(
                        settings.minFaceSize().orElse(0), settings.scoreThreshold().orElse(0f));
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                    "maskwatch.face.cameras.\"" + camera + "\": " + e.getMessage(), e);
              }
              filters.put(camera, filter);
              LOG.infof(
                  "camera %s: faces below %d px or scoring below %.2f are dropped",
                  camera, filter.minFaceSize(), filter.minScore());
            });
    return Map.copyOf(filters);
  }

  /** Frees the detector's native state (BlazeFace's TensorFlow graph and session). */
  @PreDestroy
  void close() {
    if (detector instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warnf("closing face detector %s: %s", detectorName, e);
      }
    }
  }

  /** Whether frames can be processed; see {@link #unavailableReason()} when not. */
  public boolean isReady() {
    return detector != null;
  }

  /** Why the detector could not be built, with what to do about it. */
  public Optional<String> unavailableReason() {
    return Optional.ofNullable(unavailableReason);
  }

  public String detectorName() {
    return detectorName;
  }

  /** Why this detector was chosen ("auto: YuNet model ... is readable"). */
  public String detectorChoice() {
    return detectorChoice;
  }

  /**
   * Finds and crops the faces of one encoded picture.
   *
   * @param source names the picture in error messages ("frame f-12")
   * @param cameraId whose per-camera filter ({@code maskwatch.face.cameras}) applies, if any
   * @throws InvalidImageException when the bytes are not a whole JPEG or PNG within the size limit
   * @throws IllegalStateException when the detector is unavailable
   */
  public FrameFaces find(byte[] image, String source, String cameraId) {
    if (detector == null) {
      throw new IllegalStateException("face detector unavailable: " + unavailableReason);
    }
    Mat frame = decodeTimer.record(() -> Images.decode(image, source, maxPixels));
    try {
      DetectionFilter filter =
          cameraId == null
              ? DetectionFilter.NONE
              : cameraFilters.getOrDefault(cameraId, DetectionFilter.NONE);
      List<Detection> detections = filter.keep(detectTimer.record(() -> detector.detect(frame)));
      List<FoundFace> faces = cropTimer.record(() -> cropper.cropAll(frame, detections));
      framesProcessed.increment();
      facesDetected.increment(faces.size());
      return new FrameFaces(frame.cols(), frame.rows(), detector.name(), faces);
    } finally {
      frame.release();
    }
  }
}
