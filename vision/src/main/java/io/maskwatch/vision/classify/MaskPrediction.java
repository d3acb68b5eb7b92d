package io.maskwatch.vision.classify;

import io.maskwatch.vision.MaskLabel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The classifier's verdict on one face crop.
 *
 * @param label the most probable class
 * @param confidence the probability of {@code label}
 * @param probabilities every class the model predicts, in the model's output order
 */
public record MaskPrediction(
    MaskLabel label, float confidence, Map<MaskLabel, Float> probabilities) {

  public MaskPrediction {
    if (label == null) {
      throw new IllegalArgumentException("label is missing");
    }
    if (probabilities == null || !probabilities.containsKey(label)) {
      throw new IllegalArgumentException(
          "probabilities " + probabilities + " must include the label " + label.wireName());
    }
    probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
  }
}
