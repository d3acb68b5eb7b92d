package io.maskwatch.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.maskwatch.vision.detect.BlazeFaceAnchors.Decoded;
import io.maskwatch.vision.detect.BlazeFaceModel.Grid;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anchors and decoding on a hand-made 32 x 16 input with two grids, worked out on paper. */
class BlazeFaceAnchorsTest {

  // stride 8, 2 anchors per cell: 4 x 2 cells = 16 anchors; stride 16, 1 per cell: 2 x 1 = 2
  private final BlazeFaceAnchors anchors =
      new BlazeFaceAnchors(32, 16, List.of(new Grid(8, 2), new Grid(16, 1)));

  @Test
  void anchorsSitAtCellCentresRowByRowEachCellsAnchorsTogetherGridAfterGrid() {
    assertThat(anchors.count()).isEqualTo(18);
    float[][] expected = {
      {4, 4}, {4, 4}, {12, 4}, {12, 4}, {20, 4}, {20, 4}, {28, 4}, {28, 4},
      {4, 12}, {4, 12}, {12, 12}, {12, 12}, {20, 12}, {20, 12}, {28, 12}, {28, 12},
      {8, 8}, {24, 8}
    };
    for (int i = 0; i < expected.length; i++) {
      assertThat(anchors.centreX(i)).as("x of anchor %d", i).isEqualTo(expected[i][0]);
      assertThat(anchors.centreY(i)).as("y of anchor %d", i).isEqualTo(expected[i][1]);
    }
  }

  @Test
  void regressorsAreOffsetsFromTheAnchorAndAbsoluteSizesInInputPixels() {
    float[] regressors = new float[18 * BlazeFaceModel.REGRESSORS];
    int base = 17 * BlazeFaceModel.REGRESSORS;
    float[] mine = {2, -3, 10, 12, 1, 2, -1, -2, 0, 0, 3, 4, -5, 6, 7, -8};
    System.arraycopy(mine, 0, regressors, base, mine.length);

    Decoded d = anchors.decode(regressors, 17);

    // anchor 17 is at (24, 8)
    assertThat(d.centreX()).isEqualTo(26f);
    assertThat(d.centreY()).isEqualTo(5f);
    assertThat(d.width()).isEqualTo(10f);
    assertThat(d.height()).isEqualTo(12f);
    assertThat(d.left()).isEqualTo(21f);
    assertThat(d.top()).isEqualTo(-1f);
    assertThat(d.keyPoints())
        .containsExactly(25f, 10f, 23f, 6f, 24f, 8f, 27f, 12f, 19f, 14f, 31f, 0f);
    // the neighbouring anchor's (all-zero) regressors decode to a point box on its own centre
    Decoded other = anchors.decode(regressors, 16);
    assertThat(other.centreX()).isEqualTo(8f);
    assertThat(other.width()).isZero();
  }

  @Test
  void theModelsGridsGiveTheirKnownAnchorCounts() {
    assertThat(count(BlazeFaceModel.FRONT, 128, 128)).isEqualTo(896);
    assertThat(count(BlazeFaceModel.BACK, 256, 256)).isEqualTo(896);
    assertThat(count(BlazeFaceModel.FULL, 192, 192)).isEqualTo(2304);
    // the full-range model at 384 x 256: 96 x 64 cells of 4 px
    assertThat(count(BlazeFaceModel.FULL, 384, 256)).isEqualTo(6144);
  }

  @Test
  void scoresAreTheLogisticOfTheClippedLogitAndTheThresholdItsInverse() {
    assertThat(BlazeFaceAnchors.sigmoid(0)).isEqualTo(0.5f);
    assertThat(BlazeFaceAnchors.sigmoid(2)).isCloseTo(0.880797f, within(1e-6f));
    assertThat(BlazeFaceAnchors.sigmoid(-1000)).isCloseTo(0f, within(1e-30f));
    assertThat(BlazeFaceAnchors.logit(0.880797f)).isCloseTo(2f, within(1e-4f));
    assertThat(BlazeFaceAnchors.logit(0)).isEqualTo(Float.NEGATIVE_INFINITY);
  }

  @Test
  void anInputThatIsNotAMultipleOfAStrideIsRejected() {
    assertThatThrownBy(() -> new BlazeFaceAnchors(30, 16, List.of(new Grid(8, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a multiple of stride 8");
  }

  private static int count(BlazeFaceModel model, int w, int h) {
    return new BlazeFaceAnchors(w, h, model.grids()).count();
  }
}
