package io.maskwatch.trainer.data;

import io.maskwatch.vision.MaskLabel;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The images of each part of a split, each list sorted by path.
 *
 * @param classes the data set's classes, in the caller's order
 * @param duplicateGroups how many groups of (near) copies the images formed
 * @param largestGroup images in the largest such group
 * @param straddlingGroups groups with members in more than one part: always 0 for a computed split;
 *     a preset train/val/test layout is kept as given and only counted
 */
public record DatasetSplit(
    List<MaskLabel> classes,
    List<LabeledImage> train,
    List<LabeledImage> val,
    List<LabeledImage> test,
    int duplicateGroups,
    int largestGroup,
    int straddlingGroups) {

  public DatasetSplit {
    classes = List.copyOf(classes);
    train = List.copyOf(train);
    val = List.copyOf(val);
    test = List.copyOf(test);
  }

  public List<LabeledImage> part(SplitPart part) {
    return switch (part) {
      case TRAIN -> train;
      case VAL -> val;
      case TEST -> test;
    };
  }

  public Map<MaskLabel, Integer> counts(SplitPart part) {
    Map<MaskLabel, Integer> counts = new EnumMap<>(MaskLabel.class);
    classes.forEach(c -> counts.put(c, 0));
    part(part).forEach(i -> counts.merge(i.label(), 1, Integer::sum));
    return counts;
  }

  /** A small table: one row per part, one column per class, and totals. */
  public String report() {
    StringBuilder sb = new StringBuilder(String.format("%-6s", "split"));
    classes.forEach(c -> sb.append(String.format(" %21s", c.wireName())));
    sb.append(String.format(" %7s%n", "total"));
    for (SplitPart part : SplitPart.values()) {
      sb.append(String.format("%-6s", part.folderName()));
      Map<MaskLabel, Integer> counts = counts(part);
      classes.forEach(c -> sb.append(String.format(" %21d", counts.get(c))));
      sb.append(String.format(" %7d%n", part(part).size()));
    }
    sb.append(
        String.format(
            "%d duplicate groups (largest %d images), %d of them in more than one part",
            duplicateGroups, largestGroup, straddlingGroups));
    return sb.toString();
  }
}
