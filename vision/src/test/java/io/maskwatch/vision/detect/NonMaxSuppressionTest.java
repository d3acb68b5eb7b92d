package io.maskwatch.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {

  private static Detection face(int x, int y, int size, float score) {
    return new Detection(new Box(x, y, size, size), score, List.of());
  }

  @Test
  void theBetterOfTwoOverlappingBoxesIsKept() {
    Detection better = face(10, 10, 20, 0.9f);
    Detection worse = face(12, 12, 20, 0.6f); // IoU 324 / 476 = 0.68

    assertThat(NonMaxSuppression.suppress(List.of(worse, better), 0.3)).containsExactly(better);
  }

  @Test
  void boxesOverlappingNoMoreThanTheThresholdAreAllKept() {
    Detection a = face(0, 0, 10, 0.5f);
    Detection b = face(5, 0, 10, 0.7f); // IoU with a: 50 / 150 = 0.33
    Detection c = face(100, 100, 10, 0.9f);

    assertThat(NonMaxSuppression.suppress(List.of(a, b, c), 0.4)).containsExactly(c, b, a);
    assertThat(NonMaxSuppression.suppress(List.of(a, b, c), 0.3)).containsExactly(c, b);
  }

  @Test
  void aSuppressedBoxSuppressesNothing() {
    // b overlaps a and c; a beats b, so c (which only b overlaps) stays
    Detection a = face(0, 0, 10, 0.9f);
    Detection b = face(4, 0, 10, 0.8f);
    Detection c = face(8, 0, 10, 0.7f);

    assertThat(NonMaxSuppression.suppress(List.of(c, b, a), 0.3)).containsExactly(a, c);
  }

  @Test
  void aSmallBoxInsideALargeOneIsKeptWhenTheirIouIsLow() {
    Detection large = face(0, 0, 100, 0.9f);
    Detection small = face(10, 10, 10, 0.8f); // IoU 0.01

    assertThat(NonMaxSuppression.suppress(List.of(large, small), 0.3))
        .containsExactly(large, small);
  }

  @Test
  void nothingInNothingOut() {
    assertThat(NonMaxSuppression.suppress(List.of(), 0.3)).isEmpty();
  }

  @Test
  void aThresholdOutsideZeroToOneIsRejected() {
    assertThatThrownBy(() -> NonMaxSuppression.suppress(List.of(), 1.5))
        .hasMessageContaining("NMS threshold");
  }
}
