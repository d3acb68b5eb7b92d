package io.maskwatch.trainer.backbone;

/**
 * How a backbone wants its pixels. Our graphs are fed RGB 0..255 (the SavedModel contract); {@link
 * Backbone} converts inside the graph.
 */
public enum InputNorm {
  /** Raw RGB 0..255 (the model normalises itself, e.g. mobileface's (x-127.5)/128). */
  RGB_0_255,
  /** RGB scaled to 0..1. */
  RGB_0_1,
  /** RGB scaled to -1..1: (x-127.5)/127.5. */
  RGB_MINUS1_1,
  /** One channel, luma (0.2989 R + 0.587 G + 0.114 B) scaled to -1..1. */
  GRAY_MINUS1_1
}
