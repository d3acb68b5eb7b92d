package io.maskwatch.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoxTest {

  @Test
  void clippingKeepsABoxThatIsInsideTheFrame() {
    Box box = new Box(10, 20, 30, 40);

    assertThat(box.clipTo(100, 100)).isEqualTo(box);
    assertThat(box.isInside(100, 100)).isTrue();
  }

  @Test
  void clippingCutsOffWhatRunsPastTheFrame() {
    Box box = new Box(-10, 80, 50, 40);

    assertThat(box.clipTo(100, 100)).isEqualTo(new Box(0, 80, 40, 20));
    assertThat(box.isInside(100, 100)).isFalse();
    assertThat(new Box(90, 90, 20, 20).clipTo(100, 100)).isEqualTo(new Box(90, 90, 10, 10));
  }

  @Test
  void clippingABoxWhollyOutsideTheFrameLeavesNothing() {
    assertThat(new Box(120, 10, 30, 30).clipTo(100, 100).isEmpty()).isTrue();
    assertThat(new Box(-50, -50, 40, 40).clipTo(100, 100).isEmpty()).isTrue();
  }

  @Test
  void intersectionOverUnionMeasuresOverlap() {
    Box box = new Box(0, 0, 10, 10);

    assertThat(box.iou(box)).isEqualTo(1.0);
    assertThat(box.iou(new Box(20, 20, 10, 10))).isZero();
    // half of each box overlaps: 50 / (100 + 100 - 50)
    assertThat(box.iou(new Box(5, 0, 10, 10))).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(new Box(0, 0, 0, 0).iou(new Box(0, 0, 0, 0))).isZero();
  }

  @Test
  void aNegativeSizeIsRejected() {
    assertThatThrownBy(() -> new Box(0, 0, -1, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1x5");
  }
}
