package io.maskwatch.alert.domain;

import static io.maskwatch.alert.domain.ViolationPolicyTest.face;
import static io.maskwatch.alert.domain.ViolationPolicyTest.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnalysedFrameTest {

  @Test
  void facesAreKeptInIndexOrder() {
    AnalysedFrame frame =
        frame("f", face(2, Label.WITH_MASK), face(0, Label.WITH_MASK), face(1, Label.UNKNOWN));
    assertThat(frame.faces()).extracting(ClassifiedFace::index).containsExactly(0, 1, 2);
  }

  @Test
  void aFaceIndexTwiceIsRefusedNamingTheIndex() {
    assertThatThrownBy(() -> frame("f-9", face(1, Label.WITH_MASK), face(1, Label.WITHOUT_MASK)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("face index 1 appears more than once");
  }

  @Test
  void facesMustHaveABoxWithAreaAndAConfidenceWithinZeroToOne() {
    assertThatThrownBy(() -> new Box(0, 0, 0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no area");
    assertThatThrownBy(() -> new ClassifiedFace(0, new Box(0, 0, 5, 5), Label.WITH_MASK, 1.5f, 1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("confidence");
    assertThatThrownBy(
            () -> new ClassifiedFace(0, new Box(0, 0, 5, 5), Label.WITH_MASK, Float.NaN, 1f))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClassifiedFace(-1, new Box(0, 0, 5, 5), Label.WITH_MASK, 1f, 1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index");
  }

  @Test
  void labelsReadTheirWireNamesAndRefuseOthersNamingTheAcceptedOnes() {
    assertThat(Label.fromWireName("mask_weared_incorrect")).isEqualTo(Label.MASK_WEARED_INCORRECT);
    assertThatThrownBy(() -> Label.fromWireName("WITHOUT_MASK"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without_mask, mask_weared_incorrect");
  }
}
