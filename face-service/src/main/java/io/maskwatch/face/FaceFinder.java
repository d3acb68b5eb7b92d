package io.maskwatch.face;

import io.maskwatch.face.config.FaceConfig;
import io.maskwatch.face.domain.DetectionFilter;
import io.maskwatch.face.domain.FaceCropper;
import io.maskwatch.face.domain.FoundFace;
import io.maskwatch.face.domain.FrameFaces;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.detect.DetectorUnavailableException;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.image.InvalidImageException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * The service's work on one picture: decode, detect, crop and encode, each stage timed. Built at
 * start-up; when the detector cannot be built (no cascade or model file) it says why instead of
 * working.
 *
 * <p>Safe for concurrent use: a detector holds OpenCV (or TensorFlow) state that is not
 * thread-safe, so each concurrent caller borrows its own from a pool, which grows to the number of
 * frames in flight at once ({@code mp.messaging.incoming.frames.concurrency}) and no further.
 */
@Startup
@Singleton
public class FaceFinder {

  private static final Logger LOG = Logger.getLogger(FaceFinder.class);

  private final String detectorName;
  private final String detectorChoice;
  private final FaceConfig config;

  /** Every detector built, the first one at start-up; closed on shutdown. */
  private final List<FaceDetector> detectors = new CopyOnWriteArrayList<>();

  /** Detectors not in use by a frame right now. */
  private final Deque<FaceDetector> idle = new ConcurrentLinkedDeque<>();

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
    this.config = config;
    this.cropper = new FaceCropper(config.cropMargin(), config.cropSize(), config.jpegQuality());
    this.maxPixels = config.maxPixels();
    this.cameraFilters = cameraFilters(config);
    if (config.opencvThreads() < 0) {
      throw new IllegalArgumentException(
          "maskwatch.face.opencv-threads must be 0 (OpenCV's choice) or more, got "
              + config.opencvThreads());
    }
    if (config.opencvThreads() > 0) {
      OpenCvLoader.ensureLoaded();
      Core.setNumThreads(config.opencvThreads());
    }
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
          "face detector %s in use (%s): %s; crops %d px, margin %.2f, JPEG quality %d;"
              + " frames decoded by %s; OpenCV threads %d",
          name,
          choice.why(),
          DetectorFactory.describe(config, name),
          config.cropSize(),
          config.cropMargin(),
          config.jpegQuality(),
          Images.jpegDecoder(),
          Core.getNumThreads());
    } catch (DetectorUnavailableException e) {
      reason = e.getMessage();
      LOG.errorf("face detector %s unavailable, no frame will be consumed: %s", name, reason);
    }
    this.detectorName = name;
    this.detectorChoice = why;
    if (built != null) {
      detectors.add(built);
      idle.push(built);
    }
    this.unavailableReason = reason;
    Gauge.builder("maskwatch.face.detectors", detectors, List::size)
        .description("Detectors built: one per frame searched at the same time")
        .register(registry);
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

  /** Frees the detectors' native state (BlazeFace's TensorFlow graph and session). */
  @PreDestroy
  void close() {
    for (FaceDetector detector : detectors) {
      if (detector instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warnf("closing face detector %s: %s", detectorName, e);
        }
      }
    }
  }

  /** Whether frames can be processed; see {@link #unavailableReason()} when not. */
  public boolean isReady() {
    return !detectors.isEmpty();
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
    if (!isReady()) {
      throw new IllegalStateException("face detector unavailable: " + unavailableReason);
    }
    Mat frame = decodeTimer.record(() -> Images.decode(image, source, maxPixels));
    FaceDetector detector;
    try {
      detector = borrow();
    } catch (RuntimeException e) {
      frame.release();
      throw e;
    }
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
      idle.push(detector);
      frame.release();
    }
  }

  /** An idle detector, or a new one when all are busy with other frames. */
  private FaceDetector borrow() {
    FaceDetector detector = idle.poll();
    if (detector != null) {
      return detector;
    }
    try {
      detector = DetectorFactory.create(config, detectorName);
    } catch (DetectorUnavailableException e) {
      throw new IllegalStateException(
          "another face detector " + detectorName + " could not be built: " + e.getMessage(), e);
    }
    detectors.add(detector);
    LOG.infof(
        "face detector %s #%d built for frames in flight at once", detectorName, detectors.size());
    return detector;
  }
}
