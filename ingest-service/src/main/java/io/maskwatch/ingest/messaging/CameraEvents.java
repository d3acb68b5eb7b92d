package io.maskwatch.ingest.messaging;

import io.maskwatch.events.CameraDefinition;
import io.maskwatch.events.CameraState;
import io.maskwatch.events.CameraStatus;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameSource;
import io.maskwatch.ingest.camera.CameraSpec;
import io.maskwatch.ingest.camera.CaptureStatus;
import io.maskwatch.ingest.camera.CapturedFrame;
import io.maskwatch.ingest.camera.MotionGating;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Between the camera domain and the wire types of {@code cameras}, {@code frames}, {@code
 * camera-status}.
 */
public final class CameraEvents {

  private CameraEvents() {}

  public static byte[] encode(CameraSpec camera) {
    return EventCodec.CAMERA_DEFINITION.encode(
        CameraDefinition.newBuilder()
            .setCameraId(camera.id())
            .setName(camera.name())
            .setSite(camera.site())
            .setZone(camera.zone())
            .setUrl(camera.url())
            .setSampleFps((float) camera.sampleFps())
            .setMaxWidth(camera.maxWidth())
            .setMaxHeight(camera.maxHeight())
            .setEnabled(camera.enabled())
            .setMotionGating(camera.motionGating().enabled())
            .setMotionThreshold((float) camera.motionGating().threshold())
            .setMotionKeyframeSeconds((float) camera.motionGating().keyframeSeconds())
            .setUpdatedAt(camera.updatedAt())
            .build());
  }

  /**
   * @throws io.maskwatch.events.MalformedEventException for bytes that are no definition
   */
  public static CameraSpec decodeCamera(byte[] bytes) {
    CameraDefinition d = EventCodec.CAMERA_DEFINITION.decode(bytes);
    return new CameraSpec(
        d.getCameraId(),
        d.getName(),
        d.getSite(),
        d.getZone(),
        d.getUrl(),
        d.getSampleFps(),
        d.getMaxWidth(),
        d.getMaxHeight(),
        d.getEnabled(),
        d.getUpdatedAt(),
        new MotionGating(
            d.getMotionGating(), d.getMotionThreshold(), d.getMotionKeyframeSeconds()));
  }

  public static Frame frame(CameraSpec camera, CapturedFrame captured) {
    return frame(camera, captured, FrameSource.camera);
  }

  /** A frame of the camera as {@code source} (camera, or webcam for frames a browser posted). */
  public static Frame frame(CameraSpec camera, CapturedFrame captured, FrameSource source) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("site", camera.site());
    attributes.put("cameraName", camera.name());
    if (camera.zone() != null) {
      attributes.put("zone", camera.zone());
    }
    return Frame.newBuilder()
        .setFrameId(captured.frameId())
        .setCameraId(captured.cameraId())
        .setSource(source)
        .setCapturedAt(captured.capturedAt())
        .setWidth(captured.width())
        .setHeight(captured.height())
        .setContentType("image/jpeg")
        .setImage(ByteBuffer.wrap(captured.jpeg()))
        .setUploadId(null)
        .setAttributes(attributes)
        .build();
  }

  public static byte[] encode(CaptureStatus status, String instance, Instant reportedAt) {
    return EventCodec.CAMERA_STATUS.encode(
        CameraStatus.newBuilder()
            .setCameraId(status.cameraId())
            .setState(CameraState.valueOf(status.state().name()))
            .setFps((float) status.fps())
            .setFramesSent(status.framesSent())
            .setFramesDropped(status.framesDropped())
            .setFramesSkipped(status.framesSkipped())
            .setLastFrameAt(status.lastFrameAt())
            .setLastError(status.lastError())
            .setInstance(instance)
            .setReportedAt(reportedAt)
            .build());
  }

  /** A status as reported by whichever replica pulls the camera. */
  public record ReportedStatus(CaptureStatus status, String instance, Instant reportedAt) {}

  public static ReportedStatus decodeStatus(byte[] bytes) {
    CameraStatus s = EventCodec.CAMERA_STATUS.decode(bytes);
    return new ReportedStatus(
        new io.maskwatch.ingest.camera.CaptureStatus(
            s.getCameraId(),
            io.maskwatch.ingest.camera.CaptureState.valueOf(s.getState().name()),
            s.getFps(),
            s.getFramesSent(),
            s.getFramesDropped(),
            s.getFramesSkipped(),
            s.getLastFrameAt(),
            s.getLastError()),
        s.getInstance(),
        s.getReportedAt());
  }
}
