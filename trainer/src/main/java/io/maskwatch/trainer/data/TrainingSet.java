package io.maskwatch.trainer.data;

import io.maskwatch.trainer.data.TrainingExample.Kind;
import io.maskwatch.vision.MaskLabel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training split as the trainer consumes it: per epoch a seeded, shuffled list of examples —
 * the training images as they are plus synthetic masks drawn on the training split's unmasked faces
 * — and a loader that reads, draws and augments one example. Validation and test images are never
 * passed through here: read them with {@link LabeledImage#read()}.
 *
 * <p>{@link #load} is thread-safe (the synthesizer and augmenter are stateless), so the trainer may
 * load a batch in parallel, one {@link Random} per example.
 */
public final class TrainingSet {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingSet.class);

  private final List<MaskLabel> classes;
  private final List<TrainingExample> originals;
  private final Map<Path, FaceLandmarks> landmarks;
  private final Map<MaskMode, List<Path>> eligible = new EnumMap<>(MaskMode.class);
  private final Map<MaskMode, Integer> syntheticPerEpoch = new EnumMap<>(MaskMode.class);
  private final MaskSynthesizer synthesizer;
  private final Occluder occluder = new Occluder();
  private final double occludeProbability;
  private final Augmenter augmenter;
  private final long seed;

  /**
   * @param train the training split's images
   * @param classes the classes being trained, in output order
   * @param cropLandmarks landmarks of (at least) the training split's unmasked faces
   */
  public TrainingSet(
      List<LabeledImage> train,
      List<MaskLabel> classes,
      Map<Path, CropLandmarks> cropLandmarks,
      SynthesisConfig synthesis,
      AugmentConfig augment,
      long seed) {
    this.classes = List.copyOf(classes);
    this.originals =
        train.stream()
            .filter(i -> classes.contains(i.label()))
            .map(i -> new TrainingExample(i.path(), i.label(), Kind.ORIGINAL))
            .toList();
    this.augmenter = new Augmenter(augment);
    this.occludeProbability = augment.occludeProbability();
    this.synthesizer =
        new MaskSynthesizer(synthesis.underNoseTopLow(), synthesis.underNoseTopHigh());
    this.seed = seed;
    Map<Path, FaceLandmarks> usable = new HashMap<>();
    for (MaskMode mode : MaskMode.values()) {
      eligible.put(mode, new ArrayList<>());
    }
    for (LabeledImage image : train) {
      CropLandmarks crop = cropLandmarks.get(image.path());
      if (image.label() != MaskLabel.WITHOUT_MASK || crop == null || crop.landmarks().isEmpty()) {
        continue;
      }
      FaceLandmarks face = crop.landmarks().get();
      for (MaskMode mode : MaskMode.values()) {
        if (MaskSynthesizer.visibleFraction(face, crop.size(), mode)
            >= MaskSynthesizer.MIN_VISIBLE_FRACTION) {
          eligible.get(mode).add(image.path());
          usable.put(image.path(), face);
        }
      }
    }
    this.landmarks = Map.copyOf(usable);
    planSynthesis(synthesis);
    long unmasked = train.stream().filter(i -> i.label() == MaskLabel.WITHOUT_MASK).count();
    LOG.info(
        "Training set: {} originals {}; of {} unmasked faces, usable for a mask {} (correct {},"
            + " under nose {}, on chin {}); synthetic per epoch {}",
        originals.size(),
        countsOf(originals),
        unmasked,
        landmarks.size(),
        eligible.get(MaskMode.CORRECT).size(),
        eligible.get(MaskMode.UNDER_NOSE).size(),
        eligible.get(MaskMode.ON_CHIN).size(),
        syntheticPerEpoch);
  }

  /**
   * Builds a training set from a split, computing (or reading from the cache) the landmarks of the
   * training split's unmasked faces only.
   */
  public static TrainingSet create(
      DatasetSplit split,
      LandmarkCache cache,
      SynthesisConfig synthesis,
      AugmentConfig augment,
      long seed) {
    List<Path> unmasked =
        split.train().stream()
            .filter(i -> i.label() == MaskLabel.WITHOUT_MASK)
            .map(LabeledImage::path)
            .toList();
    Map<Path, CropLandmarks> landmarks =
        unmasked.isEmpty() ? Map.of() : cache.landmarksFor(unmasked);
    return new TrainingSet(split.train(), split.classes(), landmarks, synthesis, augment, seed);
  }

  private void planSynthesis(SynthesisConfig synthesis) {
    for (MaskMode mode : MaskMode.values()) {
      syntheticPerEpoch.put(mode, 0);
    }
    if (classes.contains(MaskLabel.WITH_MASK) && !eligible.get(MaskMode.CORRECT).isEmpty()) {
      syntheticPerEpoch.put(MaskMode.CORRECT, synthesis.correctPerEpoch());
    }
    if (!classes.contains(MaskLabel.MASK_WEARED_INCORRECT)) {
      return;
    }
    Map<MaskLabel, Integer> counts = countsOf(originals);
    counts.merge(MaskLabel.WITH_MASK, syntheticPerEpoch.get(MaskMode.CORRECT), Integer::sum);
    int target = synthesis.incorrectTarget();
    if (target < 0) {
      target = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
    int missing = Math.max(0, target - counts.getOrDefault(MaskLabel.MASK_WEARED_INCORRECT, 0));
    boolean nose = !eligible.get(MaskMode.UNDER_NOSE).isEmpty();
    boolean chin = !eligible.get(MaskMode.ON_CHIN).isEmpty();
    int underNose =
        nose && chin ? (int) Math.round(missing * synthesis.underNoseShare()) : nose ? missing : 0;
    int onChin = chin ? missing - underNose : 0;
    syntheticPerEpoch.put(MaskMode.UNDER_NOSE, underNose);
    syntheticPerEpoch.put(MaskMode.ON_CHIN, onChin);
  }

  /**
   * The examples of one epoch, shuffled; the same epoch number gives the same list. Synthetic
   * examples take the eligible faces in a shuffled round, so every face is used about as often.
   */
  public List<TrainingExample> epoch(int epoch) {
    Random rnd = new Random(seed * 1_000_003L + epoch);
    List<TrainingExample> examples = new ArrayList<>(originals);
    for (MaskMode mode : MaskMode.values()) {
      List<Path> faces = new ArrayList<>(eligible.get(mode));
      int wanted = syntheticPerEpoch.get(mode);
      for (int i = 0; i < wanted; i++) {
        if (i % faces.size() == 0) {
          Collections.shuffle(faces, rnd);
        }
        examples.add(new TrainingExample(faces.get(i % faces.size()), mode.label(), Kind.of(mode)));
      }
    }
    Collections.shuffle(examples, rnd);
    return examples;
  }

  /** A class-balanced epoch: {@code perClass} examples of each class, drawn from {@link #epoch}. */
  public List<TrainingExample> balancedEpoch(int epoch, int perClass) {
    return ClassBalance.balancedSample(
        epoch(epoch), classes, perClass, new Random(seed * 7_919L + epoch));
  }

  /** How many examples of each class an epoch holds. */
  public Map<MaskLabel, Integer> epochCounts() {
    Map<MaskLabel, Integer> counts = countsOf(originals);
    syntheticPerEpoch.forEach(
        (mode, n) -> {
          if (n > 0) {
            counts.merge(mode.label(), n, Integer::sum);
          }
        });
    return counts;
  }

  /** Inverse-frequency loss weights of an epoch's classes, in class order, mean 1. */
  public float[] classWeights() {
    return ClassBalance.inverseFrequencyWeights(epochCounts(), classes);
  }

  public List<MaskLabel> classes() {
    return classes;
  }

  /** Faces a mask can be drawn on in this mode. */
  public int eligibleFaces(MaskMode mode) {
    return eligible.get(mode).size();
  }

  /**
   * The example's picture, 8-bit BGR at the file's size: read, with its synthetic mask drawn if it
   * has one, then augmented if asked.
   */
  public Mat load(TrainingExample example, Random rnd, boolean augment) {
    Mat image = LabeledImage.readBgr(example.source());
    if (example.kind() != Kind.ORIGINAL) {
      FaceLandmarks face = landmarks.get(example.source());
      if (face == null) {
        throw new IllegalArgumentException(
            "No usable landmarks for " + example.source() + "; cannot draw " + example.kind());
      }
      Mat drawn = synthesizer.apply(image, face, example.kind().mode().orElseThrow(), rnd);
      image.release();
      image = drawn;
    }
    // Off (0), the occluder draws nothing from rnd, so the other steps keep their sequence.
    if (augment && occludeProbability > 0 && rnd.nextDouble() < occludeProbability) {
      Mat occluded = occluder.apply(image, example.label(), rnd);
      image.release();
      image = occluded;
    }
    if (augment) {
      Mat augmented = augmenter.apply(image, rnd);
      image.release();
      image = augmented;
    }
    return image;
  }

  private Map<MaskLabel, Integer> countsOf(List<TrainingExample> examples) {
    Map<MaskLabel, Integer> counts = new EnumMap<>(MaskLabel.class);
    classes.forEach(c -> counts.put(c, 0));
    examples.forEach(e -> counts.merge(e.label(), 1, Integer::sum));
    return counts;
  }
}
