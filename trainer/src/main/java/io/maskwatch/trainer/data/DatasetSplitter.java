package io.maskwatch.trainer.data;

import io.maskwatch.vision.MaskLabel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a data set into train, validation and test: deterministic for a seed, stratified by label,
 * whole duplicate groups at a time, held-out sources entirely in test. A data set with its own
 * train/val/test layout keeps it, and the report says how many duplicate groups straddle it.
 */
public final class DatasetSplitter {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetSplitter.class);
  private static final int PROGRESS_EVERY = 2000;

  private final SplitConfig config;

  public DatasetSplitter(SplitConfig config) {
    this.config = config;
  }

  public DatasetSplit split(Dataset dataset) {
    checkHeldOutSourcesExist(dataset);
    List<LabeledImage> images = dataset.images();
    int[] groupOf = groupDuplicates(images);
    List<List<Integer>> groups = members(groupOf);
    int largest = groups.stream().mapToInt(List::size).max().orElse(0);
    SplitPart[] partOf = new SplitPart[images.size()];
    if (dataset.presetSplits()) {
      for (int i = 0; i < images.size(); i++) {
        partOf[i] = images.get(i).presetSplit().orElseThrow();
      }
    } else {
      assign(dataset, groups, partOf);
    }
    int straddling = 0;
    for (List<Integer> group : groups) {
      if (group.stream().map(i -> partOf[i]).distinct().count() > 1) {
        straddling++;
      }
    }
    Map<SplitPart, List<LabeledImage>> parts = new EnumMap<>(SplitPart.class);
    for (SplitPart part : SplitPart.values()) {
      parts.put(part, new ArrayList<>());
    }
    for (int i = 0; i < images.size(); i++) {
      parts.get(partOf[i]).add(images.get(i));
    }
    DatasetSplit split =
        new DatasetSplit(
            dataset.classes(),
            parts.get(SplitPart.TRAIN),
            parts.get(SplitPart.VAL),
            parts.get(SplitPart.TEST),
            groups.size(),
            largest,
            straddling);
    LOG.info("Split (seed {}):{}{}", config.seed(), System.lineSeparator(), split.report());
    if (straddling > 0) {
      LOG.warn(
          "{} groups of duplicate images lie in more than one part of the preset layout",
          straddling);
    }
    return split;
  }

  private void checkHeldOutSourcesExist(Dataset dataset) {
    Set<String> sources = new TreeSet<>(dataset.countsBySourceAndLabel().keySet());
    for (String held : config.holdOutSources()) {
      boolean known = sources.stream().anyMatch(s -> s.equals(held) || s.startsWith(held + "/"));
      if (!known) {
        throw new IllegalArgumentException(
            "Held-out source '" + held + "' is not in the data set; sources are " + sources);
      }
    }
    if (dataset.presetSplits() && !config.holdOutSources().isEmpty()) {
      throw new IllegalArgumentException(
          "Held-out sources cannot be combined with a data set's own train/val/test layout");
    }
  }

  private int[] groupDuplicates(List<LabeledImage> images) {
    long start = System.nanoTime();
    List<ImageFingerprint> prints = new ArrayList<>(images.size());
    for (LabeledImage image : images) {
      prints.add(ImageFingerprint.of(image.path()));
      if (prints.size() % PROGRESS_EVERY == 0) {
        LOG.info("Fingerprinted {}/{} images", prints.size(), images.size());
      }
    }
    int[] groups =
        new DuplicateGrouper(config.nearDuplicateDistance(), config.upperHalfDistance())
            .group(prints);
    LOG.info(
        "Fingerprinted and grouped {} images in {} ms",
        images.size(),
        (System.nanoTime() - start) / 1_000_000);
    return groups;
  }

  private static List<List<Integer>> members(int[] groupOf) {
    List<List<Integer>> groups = new ArrayList<>();
    for (int i = 0; i < groupOf.length; i++) {
      while (groups.size() <= groupOf[i]) {
        groups.add(new ArrayList<>());
      }
      groups.get(groupOf[i]).add(i);
    }
    return groups;
  }

  /**
   * Held-out groups go to test; every other group joins the stratum of its most frequent label and,
   * in a seeded shuffle, fills that stratum's test quota, then its validation quota, then train.
   */
  private void assign(Dataset dataset, List<List<Integer>> groups, SplitPart[] partOf) {
    List<LabeledImage> images = dataset.images();
    Map<MaskLabel, List<List<Integer>>> strata = new TreeMap<>();
    for (List<Integer> group : groups) {
      boolean heldOut = group.stream().anyMatch(i -> config.isHeldOut(images.get(i).source()));
      if (heldOut) {
        group.forEach(i -> partOf[i] = SplitPart.TEST);
      } else {
        strata.computeIfAbsent(majorityLabel(group, dataset), l -> new ArrayList<>()).add(group);
      }
    }
    for (Map.Entry<MaskLabel, List<List<Integer>>> stratum : strata.entrySet()) {
      List<List<Integer>> shuffled = new ArrayList<>(stratum.getValue());
      shuffled.sort(Comparator.comparingInt(g -> g.get(0)));
      Collections.shuffle(shuffled, new Random(config.seed() * 31 + stratum.getKey().ordinal()));
      int total = shuffled.stream().mapToInt(List::size).sum();
      long testQuota = Math.round(total * config.testFraction());
      long valQuota = Math.round(total * config.valFraction());
      int inTest = 0;
      int inVal = 0;
      for (List<Integer> group : shuffled) {
        SplitPart part;
        if (inTest < testQuota) {
          part = SplitPart.TEST;
          inTest += group.size();
        } else if (inVal < valQuota) {
          part = SplitPart.VAL;
          inVal += group.size();
        } else {
          part = SplitPart.TRAIN;
        }
        group.forEach(i -> partOf[i] = part);
      }
    }
  }

  private static MaskLabel majorityLabel(List<Integer> group, Dataset dataset) {
    Map<MaskLabel, Integer> counts = new EnumMap<>(MaskLabel.class);
    group.forEach(i -> counts.merge(dataset.images().get(i).label(), 1, Integer::sum));
    MaskLabel best = dataset.images().get(group.get(0)).label();
    for (MaskLabel label : dataset.classes()) {
      if (counts.getOrDefault(label, 0) > counts.get(best)) {
        best = label;
      }
    }
    return best;
  }
}
