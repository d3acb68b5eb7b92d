package io.maskwatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.trainer.data.TrainingExample.Kind;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;

class TrainingSetTest {
  private static final List<MaskLabel> THREE = List.of(MaskLabel.values());

  @TempDir static Path tmp;
  private static DatasetSplit split;
  private static LandmarkCache cache;

  @BeforeAll
  static void smallSplitOfRealImages() {
    Path faces = SharedData.facesDir();
    List<LabeledImage> images = new ArrayList<>();
    for (Path p : SharedData.spread(faces.resolve("chandrikadeb7/with_mask"), 40)) {
      images.add(new LabeledImage(p, MaskLabel.WITH_MASK, "c", Optional.empty()));
    }
    for (Path p : SharedData.spread(faces.resolve("chandrikadeb7/without_mask"), 30)) {
      images.add(new LabeledImage(p, MaskLabel.WITHOUT_MASK, "c", Optional.empty()));
    }
    for (Path p : SharedData.spread(faces.resolve("maskedface-net/mask_weared_incorrect"), 12)) {
      images.add(new LabeledImage(p, MaskLabel.MASK_WEARED_INCORRECT, "m", Optional.empty()));
    }
    images.sort((a, b) -> a.path().compareTo(b.path()));
    Dataset ds = new Dataset(faces, THREE, images, false, Map.of());
    split = new DatasetSplitter(SplitConfig.defaults().withFractions(0.2, 0)).split(ds);
    cache = new LandmarkCache(tmp.resolve("cache"), SharedData.yunet(), 100);
  }

  private static TrainingSet set(List<MaskLabel> classes, SynthesisConfig synthesis) {
    DatasetSplit s =
        new DatasetSplit(
            classes,
            split.train().stream().filter(i -> classes.contains(i.label())).toList(),
            split.val(),
            split.test(),
            0,
            0,
            0);
    return TrainingSet.create(s, cache, synthesis, AugmentConfig.defaults(), 11);
  }

  private static Map<Kind, Long> kinds(List<TrainingExample> epoch) {
    return epoch.stream()
        .collect(Collectors.groupingBy(TrainingExample::kind, Collectors.counting()));
  }

  @Test
  void epochTopsUpIncorrectMasksFromTrainingUnmaskedFacesOnly() {
    TrainingSet set = set(THREE, new SynthesisConfig(5, 40, 0.5));
    List<TrainingExample> epoch = set.epoch(0);

    Map<MaskLabel, Long> originals =
        split.train().stream()
            .collect(Collectors.groupingBy(LabeledImage::label, Collectors.counting()));
    Map<Kind, Long> kinds = kinds(epoch);
    long incorrect = originals.get(MaskLabel.MASK_WEARED_INCORRECT);
    assertThat(kinds.get(Kind.SYNTH_CORRECT)).isEqualTo(5);
    assertThat(kinds.get(Kind.SYNTH_UNDER_NOSE) + kinds.get(Kind.SYNTH_ON_CHIN))
        .isEqualTo(40 - incorrect);
    assertThat(set.epochCounts())
        .containsEntry(MaskLabel.MASK_WEARED_INCORRECT, 40)
        .containsEntry(MaskLabel.WITH_MASK, (int) (originals.get(MaskLabel.WITH_MASK) + 5));

    Set<Path> trainUnmasked =
        split.train().stream()
            .filter(i -> i.label() == MaskLabel.WITHOUT_MASK)
            .map(LabeledImage::path)
            .collect(Collectors.toSet());
    for (TrainingExample e : epoch) {
      if (e.kind() != Kind.ORIGINAL) {
        assertThat(trainUnmasked).contains(e.source());
        assertThat(e.label()).isEqualTo(e.kind().mode().orElseThrow().label());
      }
    }
    Set<Path> heldBack = split.val().stream().map(LabeledImage::path).collect(Collectors.toSet());
    assertThat(epoch).noneMatch(e -> heldBack.contains(e.source()));
  }

  @Test
  void epochsAreSeededShuffles() {
    TrainingSet set = set(THREE, SynthesisConfig.defaults());
    assertThat(set.epoch(3)).isEqualTo(set.epoch(3));
    assertThat(set.epoch(4)).isNotEqualTo(set.epoch(3));
    // The same originals every epoch, only their order changes.
    assertThat(set.epoch(4).stream().filter(e -> e.kind() == Kind.ORIGINAL).toList())
        .containsExactlyInAnyOrderElementsOf(
            set.epoch(3).stream().filter(e -> e.kind() == Kind.ORIGINAL).toList());
  }

  @Test
  void twoClassTrainingDrawsNoIncorrectMasks() {
    TrainingSet set =
        set(List.of(MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK), new SynthesisConfig(7, -1, 0.5));
    Map<Kind, Long> kinds = kinds(set.epoch(0));
    assertThat(kinds).containsOnlyKeys(Kind.ORIGINAL, Kind.SYNTH_CORRECT);
    assertThat(kinds.get(Kind.SYNTH_CORRECT)).isEqualTo(7);
    assertThat(set.epochCounts()).doesNotContainKey(MaskLabel.MASK_WEARED_INCORRECT);
  }

  @Test
  void loadDrawsTheSyntheticMaskAndAugmentsDeterministically() {
    TrainingSet set = set(THREE, new SynthesisConfig(3, 40, 0.5));
    List<TrainingExample> epoch = set.epoch(1);
    TrainingExample synthetic =
        epoch.stream().filter(e -> e.kind() == Kind.SYNTH_ON_CHIN).findFirst().orElseThrow();
    Mat original = LabeledImage.readBgr(synthetic.source());

    Mat drawn = set.load(synthetic, new Random(1), false);
    assertThat(drawn.size()).isEqualTo(original.size());
    assertThat(Core.norm(drawn, original, Core.NORM_INF)).isPositive();

    Mat a = set.load(synthetic, new Random(2), true);
    Mat b = set.load(synthetic, new Random(2), true);
    assertThat(a.size()).isEqualTo(original.size());
    assertThat(Core.norm(a, b, Core.NORM_INF)).isZero();

    TrainingExample plain =
        epoch.stream().filter(e -> e.kind() == Kind.ORIGINAL).findFirst().orElseThrow();
    Mat asIs = set.load(plain, new Random(5), false);
    assertThat(Core.norm(asIs, LabeledImage.readBgr(plain.source()), Core.NORM_INF)).isZero();
  }

  @Test
  void classWeightsFavourTheSmallestClassOfAnEpoch() {
    TrainingSet set = set(THREE, SynthesisConfig.none());
    Map<MaskLabel, Integer> counts = set.epochCounts();
    assertThat(counts.get(MaskLabel.MASK_WEARED_INCORRECT))
        .isLessThan(counts.get(MaskLabel.WITHOUT_MASK))
        .isLessThan(counts.get(MaskLabel.WITH_MASK));
    float[] weights = set.classWeights();
    assertThat(weights).hasSize(3);
    assertThat(weights[2]).isGreaterThan(weights[1]).isGreaterThan(weights[0]);
  }

  @Test
  void balancedEpochHasEqualClassCounts() {
    TrainingSet set = set(THREE, SynthesisConfig.none());
    Map<MaskLabel, Long> counts =
        set.balancedEpoch(0, 25).stream()
            .collect(Collectors.groupingBy(TrainingExample::label, Collectors.counting()));
    assertThat(counts)
        .containsOnly(
            Map.entry(MaskLabel.WITH_MASK, 25L),
            Map.entry(MaskLabel.WITHOUT_MASK, 25L),
            Map.entry(MaskLabel.MASK_WEARED_INCORRECT, 25L));
  }
}
