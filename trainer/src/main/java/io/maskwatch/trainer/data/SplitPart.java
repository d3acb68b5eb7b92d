package io.maskwatch.trainer.data;

import java.util.Locale;

/** The three parts of a split; folder names of a train/val/test layout are the lower-case names. */
public enum SplitPart {
  TRAIN,
  VAL,
  TEST;

  public String folderName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
