package io.maskwatch.trainer.data;

import io.maskwatch.vision.MaskLabel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a folder-per-class data set: every folder that directly holds images is a label folder
 * named after its class, with any depth of source folders above it ({@code
 * <root>/<source...>/<label>/*.jpg}). When the root holds {@code train/} and {@code val/} (and
 * optionally {@code test/}), each of those is read the same way and fixes the split.
 */
public final class DatasetScanner {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetScanner.class);
  private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

  private DatasetScanner() {}

  public static Dataset scan(Path root, List<MaskLabel> classes) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("Data set folder " + root + " does not exist");
    }
    if (classes.isEmpty() || EnumSet.copyOf(classes).size() != classes.size()) {
      throw new IllegalArgumentException("Classes must be non-empty and distinct: " + classes);
    }
    boolean preset =
        Files.isDirectory(root.resolve(SplitPart.TRAIN.folderName()))
            && Files.isDirectory(root.resolve(SplitPart.VAL.folderName()));
    String rootName = root.toAbsolutePath().normalize().getFileName().toString();
    List<LabeledImage> images = new ArrayList<>();
    Map<String, Integer> ignored = new TreeMap<>();
    if (preset) {
      for (SplitPart part : SplitPart.values()) {
        Path base = root.resolve(part.folderName());
        if (Files.isDirectory(base)) {
          collect(root, base, rootName, Optional.of(part), classes, images, ignored);
        }
      }
      countStrayImages(root, ignored);
    } else {
      collect(root, root, rootName, Optional.empty(), classes, images, ignored);
    }
    images.sort(Comparator.comparing(LabeledImage::path));
    Dataset dataset = new Dataset(root, classes, images, preset, ignored);
    LOG.info(
        "Data set {}: {} images{}, by source and label {}",
        root,
        images.size(),
        preset ? " (train/val/test layout)" : "",
        dataset.countsBySourceAndLabel());
    if (!ignored.isEmpty()) {
      int total = ignored.values().stream().mapToInt(Integer::intValue).sum();
      LOG.info("Ignored {} images in folders that are not requested classes: {}", total, ignored);
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException(
          "No images of classes "
              + classes.stream().map(MaskLabel::wireName).toList()
              + " under "
              + root
              + "; expected <root>/<source...>/<label>/*.jpg");
    }
    return dataset;
  }

  private static void collect(
      Path root,
      Path base,
      String rootName,
      Optional<SplitPart> part,
      List<MaskLabel> classes,
      List<LabeledImage> images,
      Map<String, Integer> ignored) {
    Map<Path, List<Path>> byFolder = imagesByFolder(base);
    for (Map.Entry<Path, List<Path>> entry : byFolder.entrySet()) {
      Path folder = entry.getKey();
      Optional<MaskLabel> label = requestedLabel(folder, base, classes);
      if (label.isEmpty()) {
        ignored.merge(root.relativize(folder).toString(), entry.getValue().size(), Integer::sum);
        continue;
      }
      Path sourcePath = base.relativize(folder.getParent() == null ? folder : folder.getParent());
      String source =
          sourcePath.toString().isEmpty()
              ? rootName
              : sourcePath.toString().replace(folder.getFileSystem().getSeparator(), "/");
      for (Path file : entry.getValue()) {
        images.add(new LabeledImage(file, label.get(), source, part));
      }
    }
  }

  private static Optional<MaskLabel> requestedLabel(
      Path folder, Path base, List<MaskLabel> classes) {
    if (folder.equals(base)) {
      return Optional.empty();
    }
    String name = folder.getFileName().toString();
    return classes.stream().filter(c -> c.wireName().equals(name)).findFirst();
  }

  /** Images lying in the root beside train/ and val/ belong to no split. */
  private static void countStrayImages(Path root, Map<String, Integer> ignored) {
    Set<String> parts =
        Stream.of(SplitPart.values()).map(SplitPart::folderName).collect(Collectors.toSet());
    try (Stream<Path> children = Files.list(root)) {
      for (Path child : children.sorted().toList()) {
        String name = child.getFileName().toString();
        if (parts.contains(name) || name.startsWith(".")) {
          continue;
        }
        if (Files.isDirectory(child)) {
          imagesByFolder(child)
              .forEach(
                  (folder, files) ->
                      ignored.merge(
                          root.relativize(folder).toString(), files.size(), Integer::sum));
        } else if (isImage(child)) {
          ignored.merge(".", 1, Integer::sum);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root, e);
    }
  }

  private static Map<Path, List<Path>> imagesByFolder(Path base) {
    try (Stream<Path> files = Files.walk(base)) {
      return files
          .filter(p -> !isHidden(base, p))
          .filter(Files::isRegularFile)
          .filter(DatasetScanner::isImage)
          .collect(Collectors.groupingBy(Path::getParent, TreeMap::new, Collectors.toList()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read data set folder " + base, e);
    }
  }

  private static boolean isHidden(Path base, Path path) {
    for (Path part : base.relativize(path)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
