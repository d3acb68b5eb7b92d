package io.maskwatch.mask.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.events.BoundingBox;
import io.maskwatch.events.DetectedFace;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.FaceVerdict;
import io.maskwatch.events.Faces;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Landmark;
import io.maskwatch.events.Verdicts;
import io.maskwatch.mask.domain.ModelIdentity;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.classify.MaskPrediction;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictsMapperTest {

  private static final ModelIdentity MODEL = new ModelIdentity("mask-classifier", "1.0.0", "ab12");
  private static final Instant CAPTURED = Instant.parse("2026-11-22T10:00:00.123Z");
  private static final Instant CLASSIFIED = Instant.parse("2026-11-22T10:00:00.456Z");

  @Test
  void copiesTheFrameAndPutsEachPredictionBesideItsFace() {
    Faces faces =
        faces(
            List.of(
                face(0, new BoundingBox(10, 20, 30, 40), 0.9f, new byte[] {1, 2, 3}),
                face(1, new BoundingBox(100, 120, 50, 60), 0.75f, new byte[] {4, 5})));
    MaskPrediction masked = prediction(MaskLabel.WITH_MASK, 0.8f, 0.15f, 0.05f);
    MaskPrediction unmasked = prediction(MaskLabel.WITHOUT_MASK, 0.1f, 0.7f, 0.2f);

    Verdicts verdicts =
        VerdictsMapper.toVerdicts(faces, List.of(masked, unmasked), MODEL, CLASSIFIED);

    assertThat(verdicts.getFrameId()).isEqualTo("f-7");
    assertThat(verdicts.getCameraId()).isEqualTo("upload");
    assertThat(verdicts.getSource()).isEqualTo(FrameSource.upload);
    assertThat(verdicts.getCapturedAt()).isEqualTo(CAPTURED);
    assertThat(verdicts.getFrame()).isEqualTo(new FrameRef("frames", 1, 42L));
    assertThat(verdicts.getFrameWidth()).isEqualTo(640);
    assertThat(verdicts.getFrameHeight()).isEqualTo(480);
    assertThat(verdicts.getUploadId()).isEqualTo("up-1");
    assertThat(verdicts.getDetector()).isEqualTo("yunet");
    assertThat(verdicts.getModel().getName()).isEqualTo("mask-classifier");
    assertThat(verdicts.getModel().getVersion()).isEqualTo("1.0.0");
    assertThat(verdicts.getModel().getSha256()).isEqualTo("ab12");
    assertThat(verdicts.getClassifiedAt()).isEqualTo(CLASSIFIED);

    List<FaceVerdict> perFace = verdicts.getVerdicts();
    assertThat(perFace).hasSize(2);
    FaceVerdict first = perFace.get(0);
    assertThat(first.getIndex()).isZero();
    assertThat(first.getBox()).isEqualTo(new BoundingBox(10, 20, 30, 40));
    assertThat(first.getDetectorScore()).isEqualTo(0.9f);
    assertThat(first.getLabel()).isEqualTo(FaceLabel.with_mask);
    assertThat(first.getConfidence()).isEqualTo(0.8f);
    assertThat(first.getScores())
        .containsExactly(
            Map.entry("with_mask", 0.8f),
            Map.entry("without_mask", 0.15f),
            Map.entry("mask_weared_incorrect", 0.05f));
    FaceVerdict second = perFace.get(1);
    assertThat(second.getIndex()).isEqualTo(1);
    assertThat(second.getBox()).isEqualTo(new BoundingBox(100, 120, 50, 60));
    assertThat(second.getDetectorScore()).isEqualTo(0.75f);
    assertThat(second.getLabel()).isEqualTo(FaceLabel.without_mask);
    assertThat(second.getConfidence()).isEqualTo(0.7f);
  }

  @Test
  void aFrameWithoutFacesGivesAnEmptyVerdictList() {
    Verdicts verdicts = VerdictsMapper.toVerdicts(faces(List.of()), List.of(), MODEL, CLASSIFIED);

    assertThat(verdicts.getVerdicts()).isEmpty();
    assertThat(verdicts.getFrameId()).isEqualTo("f-7");
    assertThat(verdicts.getModel().getSha256()).isEqualTo("ab12");
  }

  @Test
  void theVerdictKeepsTheDetectorsIndexRatherThanTheListPosition() {
    Faces faces = faces(List.of(face(3, new BoundingBox(0, 0, 8, 8), 1f, new byte[] {9})));

    Verdicts verdicts =
        VerdictsMapper.toVerdicts(
            faces,
            List.of(prediction(MaskLabel.MASK_WEARED_INCORRECT, 0.2f, 0.1f, 0.7f)),
            MODEL,
            CLASSIFIED);

    assertThat(verdicts.getVerdicts().get(0).getIndex()).isEqualTo(3);
    assertThat(verdicts.getVerdicts().get(0).getLabel()).isEqualTo(FaceLabel.mask_weared_incorrect);
  }

  @Test
  void everyMaskLabelHasTheWireLabelOfTheSameName() {
    for (MaskLabel label : MaskLabel.values()) {
      assertThat(VerdictsMapper.toFaceLabel(label).name()).isEqualTo(label.wireName());
    }
  }

  @Test
  void refusesPredictionsThatDoNotMatchTheFaces() {
    Faces faces = faces(List.of(face(0, new BoundingBox(0, 0, 8, 8), 1f, new byte[] {9})));

    assertThatThrownBy(() -> VerdictsMapper.toVerdicts(faces, List.of(), MODEL, CLASSIFIED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 predictions for the 1 faces of frame f-7 of camera upload");
  }

  @Test
  void cropsAreTheFacesBytesInOrderWhateverTheBufferPosition() {
    ByteBuffer consumed = ByteBuffer.wrap(new byte[] {7, 8, 9});
    consumed.get(); // a reader that moved the position must not cut the crop short
    Faces faces =
        faces(
            List.of(
                face(0, new BoundingBox(0, 0, 8, 8), 1f, new byte[] {1, 2}),
                new DetectedFace(1, new BoundingBox(0, 0, 8, 8), 1f, List.of(), consumed)));

    List<byte[]> crops = VerdictsMapper.crops(faces);

    assertThat(crops).hasSize(2);
    assertThat(crops.get(0)).containsExactly(1, 2);
    assertThat(crops.get(1)).containsExactly(8, 9);
    assertThat(consumed.position()).isEqualTo(1);
  }

  private static Faces faces(List<DetectedFace> detected) {
    return Faces.newBuilder()
        .setFrameId("f-7")
        .setCameraId("upload")
        .setSource(FrameSource.upload)
        .setCapturedAt(CAPTURED)
        .setFrame(new FrameRef("frames", 1, 42L))
        .setFrameWidth(640)
        .setFrameHeight(480)
        .setUploadId("up-1")
        .setDetector("yunet")
        .setDetectedAt(CAPTURED.plusMillis(30))
        .setFaces(detected)
        .build();
  }

  private static DetectedFace face(int index, BoundingBox box, float score, byte[] crop) {
    return new DetectedFace(
        index, box, score, List.of(new Landmark(1f, 2f)), ByteBuffer.wrap(crop));
  }

  private static MaskPrediction prediction(
      MaskLabel label, float withMask, float withoutMask, float incorrect) {
    Map<MaskLabel, Float> probabilities = new LinkedHashMap<>();
    probabilities.put(MaskLabel.WITH_MASK, withMask);
    probabilities.put(MaskLabel.WITHOUT_MASK, withoutMask);
    probabilities.put(MaskLabel.MASK_WEARED_INCORRECT, incorrect);
    return new MaskPrediction(label, probabilities.get(label), probabilities);
  }
}
