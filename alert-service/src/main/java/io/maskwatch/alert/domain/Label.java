package io.maskwatch.alert.domain;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the classifier decided for a face, by the data set's own names ({@link #wireName()}), which
 * are also what the database, the API and the messages carry. {@link #UNKNOWN} is what a reader
 * sees for a label newer than itself.
 */
public enum Label {
  WITH_MASK("with_mask"),
  WITHOUT_MASK("without_mask"),
  MASK_WEARED_INCORRECT("mask_weared_incorrect"),
  UNKNOWN("unknown");

  private final String wireName;

  Label(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /**
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static Label fromWireName(String wireName) {
    for (Label label : values()) {
      if (label.wireName.equals(wireName)) {
        return label;
      }
    }
    throw new IllegalArgumentException(
        "unknown label '" + wireName + "'; expected one of " + allWireNames());
  }

  /** "with_mask, without_mask, mask_weared_incorrect, unknown" for messages. */
  public static String allWireNames() {
    return Arrays.stream(values()).map(Label::wireName).collect(Collectors.joining(", "));
  }
}
