package io.maskwatch.trainer.data;

import io.maskwatch.vision.MaskLabel;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The images of a scanned data set, in a stable order (sorted by path).
 *
 * @param root the folder that was scanned
 * @param classes the classes the caller asked for, in the caller's order
 * @param images every image of those classes
 * @param presetSplits true when the folder has a train/val(/test) layout that fixes the split
 * @param ignoredFolders image counts of label folders left out (unknown or unrequested labels),
 *     keyed by their path relative to the root
 */
public record Dataset(
    Path root,
    List<MaskLabel> classes,
    List<LabeledImage> images,
    boolean presetSplits,
    Map<String, Integer> ignoredFolders) {

  public Dataset {
    classes = List.copyOf(classes);
    images = List.copyOf(images);
    ignoredFolders = Map.copyOf(ignoredFolders);
  }

  public Map<MaskLabel, Integer> countsByLabel() {
    Map<MaskLabel, Integer> counts = new EnumMap<>(MaskLabel.class);
    classes.forEach(c -> counts.put(c, 0));
    images.forEach(i -> counts.merge(i.label(), 1, Integer::sum));
    return counts;
  }

  public Map<String, Map<MaskLabel, Integer>> countsBySourceAndLabel() {
    Map<String, Map<MaskLabel, Integer>> counts = new TreeMap<>();
    for (LabeledImage image : images) {
      counts
          .computeIfAbsent(image.source(), s -> new EnumMap<>(MaskLabel.class))
          .merge(image.label(), 1, Integer::sum);
    }
    return counts;
  }
}
