package io.maskwatch.vision;

/** What the classifier says about one face. Wire names are the data sets' own labels. */
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

  /** A violation is any face that is not correctly masked. */
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
