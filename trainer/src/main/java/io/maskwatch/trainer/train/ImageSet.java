package io.maskwatch.trainer.train;

import java.util.Random;
import org.opencv.core.Mat;

/** Indexed images with class indices; a training set may augment in {@link #load}. */
public interface ImageSet {

  int size();

  /** Class index of example {@code index} without loading its pixels. */
  int classIndex(int index);

  /** Loads example {@code index} as a BGR image; {@code random} drives any augmentation. */
  Mat load(int index, Random random);
}
