package io.maskwatch.alert.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViolationPolicyTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123Z");

  @Test
  void noMaskAndMaskWornIncorrectlyAreViolationsByDefault() {
    ViolationPolicy policy = ViolationPolicy.defaults();
    assertThat(policy.isViolation(Label.WITHOUT_MASK)).isTrue();
    assertThat(policy.isViolation(Label.MASK_WEARED_INCORRECT)).isTrue();
    assertThat(policy.isViolation(Label.WITH_MASK)).isFalse();
    assertThat(policy.isViolation(Label.UNKNOWN)).isFalse();
  }

  @Test
  void aSiteMayCountOnlyMissingMasks() {
    ViolationPolicy policy = new ViolationPolicy(EnumSet.of(Label.WITHOUT_MASK));
    assertThat(policy.isViolation(Label.MASK_WEARED_INCORRECT)).isFalse();
    assertThat(policy.isViolation(Label.WITHOUT_MASK)).isTrue();
  }

  @Test
  void refusesAPolicyThatCouldNeverOrWronglyAlert() {
    assertThatThrownBy(() -> new ViolationPolicy(EnumSet.noneOf(Label.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> new ViolationPolicy(EnumSet.of(Label.UNKNOWN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown");
  }

  static ClassifiedFace face(int index, Label label) {
    return new ClassifiedFace(index, new Box(10, 20, 30, 40), label, 0.9f, 0.8f);
  }

  static AnalysedFrame frame(String frameId, ClassifiedFace... faces) {
    return new AnalysedFrame(
        frameId,
        "cam-a",
        "camera",
        NOW.minusSeconds(1),
        new FramePosition("frames", 1, 42),
        640,
        480,
        null,
        "yunet",
        new ModelRef("mask-cnn", "1.0", "abc"),
        NOW,
        List.of(faces));
  }
}
