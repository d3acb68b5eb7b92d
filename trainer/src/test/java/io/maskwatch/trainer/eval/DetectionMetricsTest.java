package io.maskwatch.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.maskwatch.trainer.eval.DetectionMetrics.GroundTruth;
import io.maskwatch.trainer.eval.DetectionMetrics.SizeRecall;
import io.maskwatch.trainer.eval.Predictions.ImagePredictions;
import io.maskwatch.trainer.eval.Predictions.PredictedFace;
import io.maskwatch.trainer.eval.VocAnnotation.BoundingBox;
import io.maskwatch.trainer.eval.VocAnnotation.VocObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionMetricsTest {

  private static final BoundingBox A = new BoundingBox(0, 0, 40, 40);
  private static final BoundingBox B = new BoundingBox(100, 0, 140, 40);
  private static final BoundingBox C = new BoundingBox(200, 0, 240, 40);
  private static final BoundingBox NOWHERE = new BoundingBox(300, 300, 340, 340);

  private static VocObject gt(String label, BoundingBox box) {
    return new VocObject(label, box);
  }

  private static PredictedFace pred(BoundingBox box, double score, String label, double ls) {
    return PredictedFace.of(box, score, label, ls);
  }

  private static DetectionMetrics score(List<VocObject> truth, List<PredictedFace> predicted) {
    return DetectionMetrics.compute(
        List.of(new GroundTruth("img", truth)),
        new Predictions(List.of(new ImagePredictions("img", predicted))));
  }

  @Test
  void aPerfectPredictionScoresOneEverywhere() {
    List<VocObject> truth =
        List.of(gt("with_mask", A), gt("without_mask", B), gt("mask_weared_incorrect", C));
    DetectionMetrics m =
        score(
            truth,
            List.of(
                pred(A, 1.0, "with_mask", 0.9),
                pred(B, 1.0, "without_mask", 0.8),
                pred(C, 1.0, "mask_weared_incorrect", 0.7)));

    assertThat(m.face().ap()).isEqualTo(1.0);
    assertThat(m.face().recall()).isEqualTo(1.0);
    assertThat(m.face().precision()).isEqualTo(1.0);
    assertThat(m.classAp().values()).allSatisfy(r -> assertThat(r.ap()).isEqualTo(1.0));
    assertThat(m.map2()).isEqualTo(1.0);
    assertThat(m.map3()).isEqualTo(1.0);
    assertThat(m.matched().accuracy()).isEqualTo(1.0);
    assertThat(m.matched().confusion()).isEqualTo(new long[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
  }

  @Test
  void noPredictionsScoreZero() {
    DetectionMetrics m = score(List.of(gt("with_mask", A), gt("without_mask", B)), List.of());

    assertThat(m.face().ap()).isZero();
    assertThat(m.face().recall()).isZero();
    assertThat(m.face().precision()).isZero();
    assertThat(m.map2()).isZero();
    assertThat(m.map3()).isZero();
    assertThat(m.matched().total()).isZero();
  }

  /**
   * Three faces A, B, C; four detections ranked 0.9 (on A), 0.8 (nowhere), 0.7 (on B), 0.6
   * (nowhere). Cumulative precision / recall per rank: 1/1 at 1/3, 1/2 at 1/3, 2/3 at 2/3, 2/4 at
   * 2/3. Made non-increasing from the right, precision is 1 up to recall 1/3 and 2/3 from there to
   * 2/3; C is never found, so recall 2/3..1 adds 0. AP = 1/3 * 1 + 1/3 * 2/3 = 5/9.
   */
  @Test
  void aKnownMixGivesTheHandWorkedAp() {
    List<VocObject> truth = List.of(gt("with_mask", A), gt("with_mask", B), gt("with_mask", C));
    DetectionMetrics m =
        score(
            truth,
            List.of(
                pred(NOWHERE, 0.6, "with_mask", 1.0),
                pred(B, 0.7, "with_mask", 1.0),
                pred(new BoundingBox(400, 0, 440, 40), 0.8, "with_mask", 1.0),
                pred(A, 0.9, "with_mask", 1.0)));

    assertThat(m.face().ap()).isCloseTo(5.0 / 9, within(1e-12));
    assertThat(m.face().recall()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.face().precision()).isEqualTo(0.5);
    assertThat(m.classAp().get("mask").ap()).isCloseTo(5.0 / 9, within(1e-12));
    // No violation faces and none predicted: left out of the means.
    assertThat(m.classAp().get("violation").faces()).isZero();
    assertThat(m.map2()).isCloseTo(5.0 / 9, within(1e-12));
  }

  @Test
  void theVocCurveIsInterpolatedOverAllPoints() {
    // hits T F T F against 3 positives: the case above, from the ranked list directly.
    assertThat(DetectionMetrics.averagePrecision(new boolean[] {true, false, true, false}, 3))
        .isCloseTo(5.0 / 9, within(1e-12));
    // F T against 1: precision 1/2 at recall 1.
    assertThat(DetectionMetrics.averagePrecision(new boolean[] {false, true}, 1)).isEqualTo(0.5);
    assertThat(DetectionMetrics.averagePrecision(new boolean[] {}, 2)).isZero();
  }

  @Test
  void aDuplicateDetectionIsAFalsePositive() {
    DetectionMetrics m =
        score(
            List.of(gt("with_mask", A)),
            List.of(
                pred(A, 0.9, "with_mask", 1.0),
                pred(new BoundingBox(1, 1, 41, 41), 0.8, "with_mask", 1.0)));

    assertThat(m.face().truePositives()).isEqualTo(1);
    assertThat(m.face().predictions()).isEqualTo(2);
    assertThat(m.face().precision()).isEqualTo(0.5);
    // The duplicate ranks below the hit, so the curve reaches recall 1 at precision 1.
    assertThat(m.face().ap()).isEqualTo(1.0);
    assertThat(m.matched().total()).isEqualTo(1);
  }

  @Test
  void aDuplicateRankedFirstCostsPrecisionAtFullRecallNot() {
    // The better-scored box overlaps A less (IoU 0.64) but still matches; the exact box then
    // finds A taken and is the false positive.
    DetectionMetrics m =
        score(
            List.of(gt("with_mask", A)),
            List.of(
                pred(new BoundingBox(0, 0, 40, 25.6), 0.9, "with_mask", 1.0),
                pred(A, 0.8, "with_mask", 1.0)));

    assertThat(m.face().truePositives()).isEqualTo(1);
    assertThat(m.face().ap()).isEqualTo(1.0);
    assertThat(m.face().precision()).isEqualTo(0.5);
  }

  @Test
  void eachDetectionTakesTheBestUnmatchedFace() {
    // Two overlapping faces; the first detection sits on A, the second between A and B but
    // nearer A: A is taken, so it matches B (IoU 0.6) instead of being a false positive.
    BoundingBox a = new BoundingBox(0, 0, 100, 100);
    BoundingBox b = new BoundingBox(25, 0, 125, 100);
    BoundingBox between = new BoundingBox(10, 0, 110, 100);
    DetectionMetrics m =
        score(
            List.of(gt("with_mask", a), gt("with_mask", b)),
            List.of(pred(a, 0.9, "with_mask", 1.0), pred(between, 0.8, "with_mask", 1.0)));

    assertThat(DetectionMetrics.iou(between, b)).isGreaterThanOrEqualTo(0.5);
    assertThat(m.face().truePositives()).isEqualTo(2);
    assertThat(m.face().ap()).isEqualTo(1.0);
  }

  @Test
  void lowOverlapIsAMiss() {
    // IoU of A with a box shifted by half its width: 20*40 / (2*1600 - 800) = 1/3.
    BoundingBox shifted = new BoundingBox(20, 0, 60, 40);
    assertThat(DetectionMetrics.iou(A, shifted)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(DetectionMetrics.iou(A, B)).isZero();

    DetectionMetrics m =
        score(List.of(gt("with_mask", A)), List.of(pred(shifted, 1, "with_mask", 1)));
    assertThat(m.face().ap()).isZero();
  }

  @Test
  void recallBySizeBucketsTheShorterSide() {
    // Shorter sides 10, 16, 31, 32, 64, 200 (x 300): buckets <16: 1, 16-32: 2, 32-64: 1, >=64: 2.
    List<BoundingBox> boxes =
        List.of(
            new BoundingBox(0, 0, 10, 30),
            new BoundingBox(50, 0, 66, 16),
            new BoundingBox(100, 0, 131, 40),
            new BoundingBox(200, 0, 240, 32),
            new BoundingBox(300, 0, 364, 64),
            new BoundingBox(400, 0, 700, 200));
    List<VocObject> truth = boxes.stream().map(b -> gt("with_mask", b)).toList();
    // Found: the 10 px, the 31 px and the 200 px faces.
    DetectionMetrics m =
        score(
            truth,
            List.of(
                pred(boxes.get(0), 1, "with_mask", 1),
                pred(boxes.get(2), 1, "with_mask", 1),
                pred(boxes.get(5), 1, "with_mask", 1)));

    assertThat(m.recallBySize())
        .extracting(SizeRecall::bucket, SizeRecall::faces, SizeRecall::found)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("<16", 1, 1),
            org.assertj.core.groups.Tuple.tuple("16-32", 2, 1),
            org.assertj.core.groups.Tuple.tuple("32-64", 1, 0),
            org.assertj.core.groups.Tuple.tuple(">=64", 2, 1));
    assertThat(m.recallBySize().get(1).recall()).isEqualTo(0.5);
  }

  /**
   * Two faces, both called masked: the unmasked face's prediction ranks first (0.9) and is a mask
   * false positive, the masked one (0.8) a hit, so mask AP = 1/2 at recall 1 = 0.5; violation has a
   * face and no prediction: AP 0; 2-class mAP 0.25. Incorrect has no face: out of the 3-class mean,
   * which is (0.5 + 0) / 2.
   */
  @Test
  void classApUsesTheLabelAndRanksByScoreTimesLabelScore() {
    DetectionMetrics m =
        score(
            List.of(gt("with_mask", A), gt("without_mask", B)),
            List.of(pred(A, 1.0, "with_mask", 0.8), pred(B, 1.0, "with_mask", 0.9)));

    assertThat(m.face().ap()).isEqualTo(1.0);
    assertThat(m.classAp().get("mask").ap()).isEqualTo(0.5);
    assertThat(m.classAp().get("violation").ap()).isZero();
    assertThat(m.map2()).isEqualTo(0.25);
    assertThat(m.map3()).isEqualTo(0.25);
    assertThat(m.matched().accuracy()).isEqualTo(0.5);
    assertThat(m.matched().confusion()[1][0]).isEqualTo(1);
  }

  @Test
  void violationIsWithoutMaskAndIncorrectAsOneClass() {
    DetectionMetrics m =
        score(
            List.of(gt("without_mask", A), gt("mask_weared_incorrect", B)),
            List.of(pred(A, 0.9, "mask_weared_incorrect", 0.9), pred(B, 0.9, "without_mask", 0.9)));

    assertThat(m.classAp().get("violation").ap()).isEqualTo(1.0);
    assertThat(m.classAp().get("without_mask").ap()).isZero();
    assertThat(m.classAp().get("mask_weared_incorrect").ap()).isZero();
    assertThat(m.classAp().get("mask").faces()).isZero();
    assertThat(m.map2()).isEqualTo(1.0);
    assertThat(m.matched().accuracy()).isZero();
  }

  @Test
  void anImageWithoutPredictionsHasAllItsFacesMissed() {
    DetectionMetrics m =
        DetectionMetrics.compute(
            List.of(
                new GroundTruth("one", List.of(gt("with_mask", A))),
                new GroundTruth("two", List.of(gt("with_mask", A)))),
            new Predictions(
                List.of(new ImagePredictions("one", List.of(pred(A, 1, "with_mask", 1))))));

    assertThat(m.images()).isEqualTo(2);
    assertThat(m.face().recall()).isEqualTo(0.5);
    assertThat(m.face().ap()).isEqualTo(0.5);
  }

  @Test
  void predictionsForAnUnannotatedImageOrLabelAreRejected() {
    assertThatThrownBy(
            () ->
                DetectionMetrics.compute(
                    List.of(new GroundTruth("one", List.of())),
                    new Predictions(List.of(new ImagePredictions("other", List.of())))))
        .hasMessageContaining("'other'");
    assertThatThrownBy(() -> score(List.of(), List.of(pred(A, 1, "mask", 1))))
        .hasMessageContaining("'mask'");
  }
}
