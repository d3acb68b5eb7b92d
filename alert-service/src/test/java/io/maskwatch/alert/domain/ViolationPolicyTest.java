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
  void noMaskAndMaskWornIncorrectlyRaiseAlertsByDefault() {
    ViolationPolicy policy = ViolationPolicy.defaults();
    assertThat(policy.isViolation(Label.WITHOUT_MASK)).isTrue();
    assertThat(policy.isViolation(Label.MASK_WEARED_INCORRECT)).isTrue();
    assertThat(policy.isViolation(Label.WITH_MASK)).isFalse();
    assertThat(policy.isViolation(Label.UNKNOWN)).isFalse();
  }

  @Test
  void oneAlertPerViolatingFaceInFaceOrder() {
    AnalysedFrame frame =
        frame(
            "f-1",
            face(2, Label.MASK_WEARED_INCORRECT),
            face(0, Label.WITHOUT_MASK),
            face(1, Label.WITH_MASK),
            face(3, Label.UNKNOWN));

    List<RaisedAlert> alerts = ViolationPolicy.defaults().alertsFor(frame, NOW);

    assertThat(alerts).extracting(RaisedAlert::faceIndex).containsExactly(0, 2);
    RaisedAlert first = alerts.get(0);
    assertThat(first.label()).isEqualTo(Label.WITHOUT_MASK);
    assertThat(first.cameraId()).isEqualTo("cam-a");
    assertThat(first.frameId()).isEqualTo("f-1");
    assertThat(first.box()).isEqualTo(new Box(10, 20, 30, 40));
    assertThat(first.confidence()).isEqualTo(0.9f);
    assertThat(first.raisedAt()).isEqualTo(NOW);
    assertThat(first.alertId()).isEqualTo(AlertIds.of("f-1", 0));
  }

  @Test
  void aFrameWithoutFacesOrWithOnlyMaskedFacesRaisesNothing() {
    assertThat(ViolationPolicy.defaults().alertsFor(frame("f-2"), NOW)).isEmpty();
    assertThat(ViolationPolicy.defaults().alertsFor(frame("f-3", face(0, Label.WITH_MASK)), NOW))
        .isEmpty();
  }

  @Test
  void aSiteMayCountOnlyMissingMasks() {
    ViolationPolicy policy = new ViolationPolicy(EnumSet.of(Label.WITHOUT_MASK));
    AnalysedFrame frame =
        frame("f-4", face(0, Label.MASK_WEARED_INCORRECT), face(1, Label.WITHOUT_MASK));
    assertThat(policy.alertsFor(frame, NOW)).extracting(RaisedAlert::faceIndex).containsExactly(1);
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
