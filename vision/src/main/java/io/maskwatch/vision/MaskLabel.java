package io.maskwatch.vision;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the classifier says about one face. The wire names are the data sets' own labels and are
 * what goes into JSON, model metadata and messages; the enum constant names never leave the JVM.
 */
public enum MaskLabel {
  WITH_MASK("with_mask"),
  WITHOUT_MASK("without_mask"),
  MASK_WEARED_INCORRECT("mask_weared_incorrect");

  private final String wireName;

  MaskLabel(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** A face that breaks the rule: no mask, or a mask worn so that it does not cover. */
  public boolean isViolation() {
    return this != WITH_MASK;
  }

  /**
   * @throws IllegalArgumentException naming the value and the accepted ones when it is not a wire
   *     name
   */
  @JsonCreator
  public static MaskLabel fromWireName(String wireName) {
    for (MaskLabel label : values()) {
      if (label.wireName.equals(wireName)) {
        return label;
      }
    }
    throw new IllegalArgumentException(
        "unknown mask label '"
            + wireName
            + "'; expected one of "
            + Arrays.stream(values()).map(MaskLabel::wireName).collect(Collectors.joining(", ")));
  }
}
