package io.maskwatch.face.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.vision.detect.Box;
import io.maskwatch.vision.detect.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionFilterTest {

  private static Detection face(int width, int height, float score) {
    return new Detection(new Box(10, 10, width, height), score, List.of());
  }

  @Test
  void dropsFacesBelowTheCamerasMinimumSizeOrScoreAndKeepsTheOrder() {
    Detection small = face(12, 30, 0.9f);
    Detection doubtful = face(40, 40, 0.35f);
    Detection clear = face(40, 44, 0.8f);
    Detection edge = face(20, 25, 0.5f);

    List<Detection> kept =
        new DetectionFilter(20, 0.5f).keep(List.of(small, doubtful, clear, edge));

    assertThat(kept).containsExactly(clear, edge);
  }

  @Test
  void noneKeepsEverything() {
    List<Detection> faces = List.of(face(1, 1, 0.01f), face(300, 300, 1f));
    assertThat(DetectionFilter.NONE.keep(faces)).isEqualTo(faces);
  }

  @Test
  void refusesValuesOutOfRangeNamingTheKey() {
    assertThatThrownBy(() -> new DetectionFilter(-1, 0.5f)).hasMessageContaining("min-face-size");
    assertThatThrownBy(() -> new DetectionFilter(0, 1.5f)).hasMessageContaining("score-threshold");
  }
}
