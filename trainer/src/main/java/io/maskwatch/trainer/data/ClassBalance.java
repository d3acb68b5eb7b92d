package io.maskwatch.trainer.data;

import io.maskwatch.vision.MaskLabel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Ways to keep a small class from being ignored: loss weights, or a balanced sample. */
public final class ClassBalance {
  private ClassBalance() {}

  /**
   * Loss weights in {@code classes} order, proportional to 1 / count and scaled so their mean is 1.
   * A class with no examples gets weight 0 (and is left out of the mean).
   */
  public static float[] inverseFrequencyWeights(
      Map<MaskLabel, Integer> counts, List<MaskLabel> classes) {
    double[] raw = new double[classes.size()];
    double sum = 0;
    int present = 0;
    for (int i = 0; i < raw.length; i++) {
      int n = counts.getOrDefault(classes.get(i), 0);
      raw[i] = n > 0 ? 1.0 / n : 0;
      sum += raw[i];
      present += n > 0 ? 1 : 0;
    }
    float[] weights = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      weights[i] = present == 0 ? 0 : (float) (raw[i] * present / sum);
    }
    return weights;
  }

  /**
   * {@code perClass} examples of every class present, drawn with replacement (so a small class
   * repeats and a large one is subsampled), shuffled.
   */
  public static List<TrainingExample> balancedSample(
      List<TrainingExample> examples, List<MaskLabel> classes, int perClass, Random rnd) {
    Map<MaskLabel, List<TrainingExample>> byLabel = new EnumMap<>(MaskLabel.class);
    examples.forEach(e -> byLabel.computeIfAbsent(e.label(), l -> new ArrayList<>()).add(e));
    List<TrainingExample> sample = new ArrayList<>(perClass * classes.size());
    for (MaskLabel label : classes) {
      List<TrainingExample> pool = byLabel.get(label);
      if (pool == null) {
        continue;
      }
      for (int i = 0; i < perClass; i++) {
        sample.add(pool.get(rnd.nextInt(pool.size())));
      }
    }
    Collections.shuffle(sample, rnd);
    return sample;
  }
}
