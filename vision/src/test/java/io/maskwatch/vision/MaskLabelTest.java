package io.maskwatch.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MaskLabelTest {

  @Test
  void wireNamesAreTheDataSetLabelsInCanonicalOrder() {
    assertThat(MaskLabel.values())
        .extracting(MaskLabel::wireName)
        .containsExactly("with_mask", "without_mask", "mask_weared_incorrect");
  }

  @Test
  void everyWireNameParsesBackToItsLabel() {
    for (MaskLabel label : MaskLabel.values()) {
      assertThat(MaskLabel.fromWireName(label.wireName())).isSameAs(label);
    }
  }

  @Test
  void unknownWireNameIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> MaskLabel.fromWireName("WITH_MASK"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'WITH_MASK'")
        .hasMessageContaining("with_mask, without_mask, mask_weared_incorrect");
    assertThatThrownBy(() -> MaskLabel.fromWireName(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'null'");
  }

  @Test
  void onlyAProperlyWornMaskIsNotAViolation() {
    assertThat(MaskLabel.WITH_MASK.isViolation()).isFalse();
    assertThat(MaskLabel.WITHOUT_MASK.isViolation()).isTrue();
    assertThat(MaskLabel.MASK_WEARED_INCORRECT.isViolation()).isTrue();
  }
}
