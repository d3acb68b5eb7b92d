package io.maskwatch.face.messaging;

import io.maskwatch.events.BoundingBox;
import io.maskwatch.events.DetectedFace;
import io.maskwatch.events.Faces;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.Landmark;
import io.maskwatch.face.domain.FoundFace;
import io.maskwatch.face.domain.FrameFaces;
import io.maskwatch.vision.detect.Box;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Domain results to the wire type, at the edge: generated types stay in this package. */
final class FacesMapper {

  private FacesMapper() {}

  static Faces toEvent(Frame frame, FrameRef ref, FrameFaces found, Instant detectedAt) {
    return Faces.newBuilder()
        .setFrameId(frame.getFrameId())
        .setCameraId(frame.getCameraId())
        .setSource(frame.getSource())
        .setCapturedAt(frame.getCapturedAt())
        .setUploadId(frame.getUploadId())
        .setFrame(ref)
        .setFrameWidth(found.width())
        .setFrameHeight(found.height())
        .setDetector(found.detector())
        .setDetectedAt(detectedAt)
        .setFaces(found.faces().stream().map(FacesMapper::toEvent).toList())
        .build();
  }

  private static DetectedFace toEvent(FoundFace face) {
    return DetectedFace.newBuilder()
        .setIndex(face.index())
        .setBox(toEvent(face.box()))
        .setScore(face.score())
        .setLandmarks(face.landmarks().stream().map(p -> new Landmark(p.x(), p.y())).toList())
        .setCrop(ByteBuffer.wrap(face.crop()))
        .build();
  }

  private static BoundingBox toEvent(Box box) {
    return new BoundingBox(box.x(), box.y(), box.width(), box.height());
  }
}
