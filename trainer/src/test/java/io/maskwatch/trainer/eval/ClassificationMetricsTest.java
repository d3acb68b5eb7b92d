package io.maskwatch.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  private static final List<String> C3 =
      List.of("with_mask", "without_mask", "mask_weared_incorrect");

  @Test
  void perfectPredictionsScoreOneEverywhere() {
    List<String> labels =
        List.of("with_mask", "without_mask", "mask_weared_incorrect", "with_mask");

    ClassificationMetrics m = ClassificationMetrics.of(C3, labels, labels);

    assertThat(m.accuracy()).isEqualTo(1.0);
    assertThat(m.macroF1()).isEqualTo(1.0);
    assertThat(m.perClass()).allSatisfy(s -> assertThat(s.f1()).isEqualTo(1.0));
    assertThat(m.binary().balancedAccuracy()).isEqualTo(1.0);
  }

  /** true\pred mask without incorrect mask 8 1 1 without 2 5 0 incorrect 1 1 1 */
  @Test
  void knownConfusionMatrixGivesKnownValues() {
    long[][] cm = {{8, 1, 1}, {2, 5, 0}, {1, 1, 1}};

    ClassificationMetrics m = ClassificationMetrics.ofConfusion(C3, cm);

    assertThat(m.total()).isEqualTo(20);
    assertThat(m.accuracy()).isEqualTo(14 / 20.0);
    var mask = m.perClass().get(0);
    assertThat(mask.precision()).isCloseTo(8 / 11.0, within(1e-12));
    assertThat(mask.recall()).isCloseTo(0.8, within(1e-12));
    assertThat(mask.f1()).isCloseTo(2 * (8 / 11.0) * 0.8 / (8 / 11.0 + 0.8), within(1e-12));
    assertThat(m.perClass().get(1).precision()).isCloseTo(5 / 7.0, within(1e-12));
    assertThat(m.perClass().get(2).recall()).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(m.recallOf("mask_weared_incorrect")).isCloseTo(1 / 3.0, within(1e-12));
    // mask vs violation: mm 8, mv 2, vm 3, vv 7
    assertThat(m.binary().accuracy()).isCloseTo(15 / 20.0, within(1e-12));
    assertThat(m.binary().maskRecall()).isCloseTo(0.8, within(1e-12));
    assertThat(m.binary().violationRecall()).isCloseTo(0.7, within(1e-12));
    assertThat(m.binary().balancedAccuracy()).isCloseTo(0.75, within(1e-12));
    assertThat(m.binary().violationSupport()).isEqualTo(10);
  }

  @Test
  void classNeverPredictedHasPrecisionZeroNotNaNAndAbsentClassIsLeftOutOfMacroF1() {
    int[] truth = {0, 0, 1, 1};
    int[] pred = {0, 0, 0, 0};

    ClassificationMetrics m = ClassificationMetrics.ofIndices(C3, truth, pred);

    assertThat(m.perClass().get(1).precision()).isZero();
    assertThat(m.perClass().get(1).f1()).isZero();
    assertThat(m.perClass().get(2).recall()).isZero();
    // F1(with_mask) = 2 * 0.5 * 1 / 1.5; without_mask 0; incorrect has no samples.
    assertThat(m.macroF1()).isCloseTo((2 * 0.5 / 1.5 + 0) / 2, within(1e-12));
    assertThat(m.binary().violationRecall()).isZero();
  }

  @Test
  void twoClassListHasABinaryViewAndAListWithoutMaskHasNone() {
    ClassificationMetrics two =
        ClassificationMetrics.of(
            List.of("with_mask", "without_mask"),
            List.of("with_mask", "without_mask"),
            List.of("without_mask", "without_mask"));
    ClassificationMetrics other =
        ClassificationMetrics.of(List.of("a", "b"), List.of("a"), List.of("b"));

    assertThat(two.binary().maskRecall()).isZero();
    assertThat(two.binary().violationRecall()).isEqualTo(1.0);
    assertThat(other.binary()).isNull();
  }

  @Test
  void badInputIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> ClassificationMetrics.of(C3, List.of("with_mask"), List.of()))
        .hasMessageContaining("1 true labels but 0 predictions");
    assertThatThrownBy(() -> ClassificationMetrics.of(C3, List.of("mask"), List.of("with_mask")))
        .hasMessageContaining("'mask'");
  }

  @Test
  void rendersMarkdownAndSerialisesToJson() throws Exception {
    ClassificationMetrics m =
        ClassificationMetrics.ofConfusion(C3, new long[][] {{8, 1, 1}, {2, 5, 0}, {1, 1, 1}});

    String md = m.toMarkdown();
    JsonNode json = new ObjectMapper().valueToTree(m);

    assertThat(md)
        .contains("| with_mask | 0.7273 | 0.8000 |")
        .contains("| without_mask | 2 | 5 | 0 |");
    assertThat(json.path("binary").path("balancedAccuracy").asDouble()).isEqualTo(0.75);
    assertThat(json.path("confusion").get(2).get(2).asInt()).isEqualTo(1);
  }
}
