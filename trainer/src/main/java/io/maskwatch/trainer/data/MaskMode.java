package io.maskwatch.trainer.data;

import io.maskwatch.vision.MaskLabel;

/** Where a synthetic mask sits on the face, and the label that makes of it. */
public enum MaskMode {
  /** From the nose bridge to below the chin: worn correctly. */
  CORRECT(MaskLabel.WITH_MASK),
  /** Top edge between the nose tip and the upper lip: nostrils show. */
  UNDER_NOSE(MaskLabel.MASK_WEARED_INCORRECT),
  /** Only the chin is covered: the mouth shows. */
  ON_CHIN(MaskLabel.MASK_WEARED_INCORRECT);

  private final MaskLabel label;

  MaskMode(MaskLabel label) {
    this.label = label;
  }

  public MaskLabel label() {
    return label;
  }
}
