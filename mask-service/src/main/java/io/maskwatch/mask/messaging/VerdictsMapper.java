package io.maskwatch.mask.messaging;

import io.maskwatch.events.BoundingBox;
import io.maskwatch.events.DetectedFace;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.FaceVerdict;
import io.maskwatch.events.Faces;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.ModelInfo;
import io.maskwatch.events.Verdicts;
import io.maskwatch.mask.domain.ModelIdentity;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.classify.MaskPrediction;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Between the wire types and the classifier: crops out of {@link Faces}, {@link Verdicts} in. */
public final class VerdictsMapper {

  private VerdictsMapper() {}

  /** "frame f-12 of camera cam-3", for logs and error messages. */
  public static String describe(Faces faces) {
    return "frame " + faces.getFrameId() + " of camera " + faces.getCameraId();
  }

  /** The encoded crops, in the order of the message's faces. */
  public static List<byte[]> crops(Faces faces) {
    List<byte[]> crops = new ArrayList<>(faces.getFaces().size());
    for (DetectedFace face : faces.getFaces()) {
      ByteBuffer crop = face.getCrop().duplicate();
      byte[] bytes = new byte[crop.remaining()];
      crop.get(bytes);
      crops.add(bytes);
    }
    return crops;
  }

  /**
   * The verdicts of one frame: everything that identifies the frame copied from {@code faces}, and
   * per face its index, box and detector score beside the classifier's label, confidence and
   * scores.
   *
   * @param predictions one per face, in the order of {@code faces.getFaces()}
   * @throws IllegalArgumentException when there are not as many predictions as faces
   */
  public static Verdicts toVerdicts(
      Faces faces, List<MaskPrediction> predictions, ModelIdentity model, Instant classifiedAt) {
    List<DetectedFace> detected = faces.getFaces();
    if (predictions.size() != detected.size()) {
      throw new IllegalArgumentException(
          predictions.size()
              + " predictions for the "
              + detected.size()
              + " faces of "
              + describe(faces));
    }
    List<FaceVerdict> verdicts = new ArrayList<>(detected.size());
    for (int i = 0; i < detected.size(); i++) {
      verdicts.add(toVerdict(detected.get(i), predictions.get(i)));
    }
    return Verdicts.newBuilder()
        .setFrameId(faces.getFrameId())
        .setCameraId(faces.getCameraId())
        .setSource(faces.getSource())
        .setCapturedAt(faces.getCapturedAt())
        .setFrame(FrameRef.newBuilder(faces.getFrame()).build())
        .setFrameWidth(faces.getFrameWidth())
        .setFrameHeight(faces.getFrameHeight())
        .setUploadId(faces.getUploadId())
        .setDetector(faces.getDetector())
        .setModel(new ModelInfo(model.name(), model.version(), model.sha256()))
        .setClassifiedAt(classifiedAt)
        .setVerdicts(verdicts)
        .build();
  }

  static FaceVerdict toVerdict(DetectedFace face, MaskPrediction prediction) {
    Map<String, Float> scores = new LinkedHashMap<>();
    prediction.probabilities().forEach((label, p) -> scores.put(label.wireName(), p));
    return FaceVerdict.newBuilder()
        .setIndex(face.getIndex())
        .setBox(BoundingBox.newBuilder(face.getBox()).build())
        .setDetectorScore(face.getScore())
        .setLabel(toFaceLabel(prediction.label()))
        .setConfidence(prediction.confidence())
        .setScores(scores)
        .build();
  }

  /**
   * The wire label with the same name; {@code unknown} for a class the message schema does not have
   * yet (a newer model), which readers already treat as "no decision".
   */
  static FaceLabel toFaceLabel(MaskLabel label) {
    for (FaceLabel candidate : FaceLabel.values()) {
      if (candidate.name().equals(label.wireName())) {
        return candidate;
      }
    }
    return FaceLabel.unknown;
  }
}
