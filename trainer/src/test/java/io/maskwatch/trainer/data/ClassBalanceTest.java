package io.maskwatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.maskwatch.trainer.data.TrainingExample.Kind;
import io.maskwatch.vision.MaskLabel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClassBalanceTest {
  private static final List<MaskLabel> THREE = List.of(MaskLabel.values());

  @Test
  void weightsAreInverseFrequenciesWithMeanOne() {
    float[] w =
        ClassBalance.inverseFrequencyWeights(
            Map.of(
                MaskLabel.WITH_MASK, 300,
                MaskLabel.WITHOUT_MASK, 100,
                MaskLabel.MASK_WEARED_INCORRECT, 50),
            THREE);

    assertThat((w[0] + w[1] + w[2]) / 3).isCloseTo(1f, offset(1e-5f));
    assertThat(w[1] / w[0]).isCloseTo(3f, offset(1e-4f));
    assertThat(w[2] / w[0]).isCloseTo(6f, offset(1e-4f));
  }

  @Test
  void anEmptyClassGetsWeightZeroAndTheOthersKeepMeanOne() {
    float[] w =
        ClassBalance.inverseFrequencyWeights(
            Map.of(MaskLabel.WITH_MASK, 10, MaskLabel.WITHOUT_MASK, 30), THREE);

    assertThat(w[2]).isZero();
    assertThat((w[0] + w[1]) / 2).isCloseTo(1f, offset(1e-5f));
  }

  @Test
  void balancedSampleDrawsTheSameNumberOfEveryClass() {
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      examples.add(new TrainingExample(Path.of("w" + i), MaskLabel.WITH_MASK, Kind.ORIGINAL));
    }
    for (int i = 0; i < 3; i++) {
      examples.add(
          new TrainingExample(Path.of("i" + i), MaskLabel.MASK_WEARED_INCORRECT, Kind.ORIGINAL));
    }

    List<TrainingExample> sample = ClassBalance.balancedSample(examples, THREE, 20, new Random(1));

    Map<MaskLabel, Long> counts =
        sample.stream()
            .collect(Collectors.groupingBy(TrainingExample::label, Collectors.counting()));
    assertThat(counts)
        .containsOnly(
            Map.entry(MaskLabel.WITH_MASK, 20L), Map.entry(MaskLabel.MASK_WEARED_INCORRECT, 20L));
    assertThat(sample).isEqualTo(ClassBalance.balancedSample(examples, THREE, 20, new Random(1)));
  }
}
