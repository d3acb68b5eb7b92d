package io.maskwatch.alert.rest;

import io.maskwatch.alert.domain.AnalysedFrame;
import io.maskwatch.alert.domain.ClassifiedFace;
import io.maskwatch.alert.domain.StoredFrame;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One stored frame as {@code GET /api/frames/{frameId}} returns it. */
public record FrameView(
    String frameId,
    String cameraId,
    String source,
    Instant capturedAt,
    String uploadId,
    int width,
    int height,
    String detector,
    Model model,
    KafkaPosition frame,
    Instant classifiedAt,
    Instant receivedAt,
    List<Face> faces) {

  /** The classifier that labelled the faces. */
  public record Model(String name, String version, String sha256) {}

  /** Where the picture lies in Kafka while retention keeps it. */
  public record KafkaPosition(String topic, int partition, long offset) {}

  /** One face with the classifier's decision. */
  public record Face(
      int index, BoxView box, String label, float confidence, float detectorScore, String trackId) {

    static Face of(ClassifiedFace face, UUID trackId) {
      return new Face(
          face.index(),
          BoxView.of(face.box()),
          face.label().wireName(),
          face.confidence(),
          face.detectorScore(),
          trackId == null ? null : trackId.toString());
    }
  }

  static FrameView of(StoredFrame stored) {
    AnalysedFrame frame = stored.frame();
    return new FrameView(
        frame.frameId(),
        frame.cameraId(),
        frame.source(),
        frame.capturedAt(),
        frame.uploadId(),
        frame.width(),
        frame.height(),
        frame.detector(),
        new Model(frame.model().name(), frame.model().version(), frame.model().sha256()),
        new KafkaPosition(
            frame.position().topic(), frame.position().partition(), frame.position().offset()),
        frame.classifiedAt(),
        stored.receivedAt(),
        frame.faces().stream()
            .map(face -> Face.of(face, stored.trackIds().get(face.index())))
            .toList());
  }
}
