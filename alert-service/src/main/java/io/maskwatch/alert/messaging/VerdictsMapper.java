package io.maskwatch.alert.messaging;

import io.maskwatch.alert.domain.AnalysedFrame;
import io.maskwatch.alert.domain.Box;
import io.maskwatch.alert.domain.ClassifiedFace;
import io.maskwatch.alert.domain.FramePosition;
import io.maskwatch.alert.domain.Label;
import io.maskwatch.alert.domain.ModelRef;
import io.maskwatch.alert.domain.RaisedAlert;
import io.maskwatch.events.Alert;
import io.maskwatch.events.BoundingBox;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.FaceVerdict;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.Verdicts;

/** Between the wire types of {@code verdicts} and {@code alerts} and the domain's records. */
final class VerdictsMapper {

  private VerdictsMapper() {}

  /**
   * @throws InvalidVerdictsException when the message's content breaks a rule of the domain (a box
   *     with no area, a face index twice, a confidence outside 0..1)
   */
  static AnalysedFrame toDomain(Verdicts verdicts) {
    try {
      FrameRef ref = verdicts.getFrame();
      return new AnalysedFrame(
          verdicts.getFrameId(),
          verdicts.getCameraId(),
          verdicts.getSource().name(),
          verdicts.getCapturedAt(),
          new FramePosition(ref.getTopic(), ref.getPartition(), ref.getOffset()),
          verdicts.getFrameWidth(),
          verdicts.getFrameHeight(),
          verdicts.getUploadId(),
          verdicts.getDetector(),
          new ModelRef(
              verdicts.getModel().getName(),
              verdicts.getModel().getVersion(),
              verdicts.getModel().getSha256()),
          verdicts.getClassifiedAt(),
          verdicts.getVerdicts().stream().map(VerdictsMapper::face).toList());
    } catch (IllegalArgumentException e) {
      throw new InvalidVerdictsException(
          "invalid verdicts for frame " + verdicts.getFrameId() + ": " + e.getMessage(), e);
    }
  }

  private static ClassifiedFace face(FaceVerdict verdict) {
    BoundingBox box = verdict.getBox();
    return new ClassifiedFace(
        verdict.getIndex(),
        new Box(box.getX(), box.getY(), box.getWidth(), box.getHeight()),
        Label.fromWireName(verdict.getLabel().name()),
        verdict.getConfidence(),
        verdict.getDetectorScore());
  }

  static Alert toEvent(RaisedAlert alert, FramePosition position) {
    return Alert.newBuilder()
        .setAlertId(alert.alertId().toString())
        .setCameraId(alert.cameraId())
        .setFrameId(alert.frameId())
        .setFrame(new FrameRef(position.topic(), position.partition(), position.offset()))
        .setFaceIndex(alert.faceIndex())
        .setBox(
            new BoundingBox(
                alert.box().x(), alert.box().y(), alert.box().width(), alert.box().height()))
        .setLabel(FaceLabel.valueOf(alert.label().wireName()))
        .setConfidence(alert.confidence())
        .setRaisedAt(alert.raisedAt())
        .build();
  }
}
