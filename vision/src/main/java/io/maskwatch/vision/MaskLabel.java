package io.maskwatch.vision;

/** The classifier's labels; wire names are the data sets' own folder names. */
public enum MaskLabel {
  WITH_MASK("with_mask"),
  WITHOUT_MASK("without_mask"),
  MASK_WEARED_INCORRECT("mask_weared_incorrect");

  private final String wireName;

  MaskLabel(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** A face breaks the rule when it is unmasked or the mask is worn wrongly. */
  public boolean isViolation() {
    return this != WITH_MASK;
  }

  public static MaskLabel fromWireName(String name) {
    for (MaskLabel label : values()) {
      if (label.wireName.equals(name)) {
        return label;
      }
    }
    throw new IllegalArgumentException(
        "Unknown mask label '"
            + name
            + "'; expected with_mask, without_mask or mask_weared_incorrect");
  }
}
