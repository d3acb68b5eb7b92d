package io.maskwatch.trainer.backbone;

/** How a 4-D feature map [N,H,W,C] becomes a feature vector; 2-D outputs are taken as they are. */
public enum Pooling {
  /** Global average: C features. */
  AVG,
  /**
   * Global average concatenated with the average over the lower half of the rows: 2C features. The
   * mask sits on the lower face; a whole-face average dilutes it.
   */
  AVG_LOWER,
  /** All cells in row-major order: H*W*C features (keeps where things are). */
  FLATTEN
}
