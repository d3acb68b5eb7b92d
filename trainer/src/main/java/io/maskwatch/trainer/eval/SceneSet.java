package io.maskwatch.trainer.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The images to evaluate and their PASCAL-VOC annotations: an image folder ({@code .jpg}, {@code
 * .jpeg} or {@code .png}) and an annotation folder with one {@code BASENAME.xml} per image, where a
 * basename is the file name without its extension. Without a list every image in the folder is used
 * (in name order); a list names the basenames to use, one a line (blank lines and lines starting
 * with {@code #} are skipped). An image with no annotation, a listed basename with no image, or two
 * images sharing a basename is an error naming the file.
 */
public record SceneSet(Path images, Path annotations, List<Scene> scenes) {

  /** One image and its annotation file. */
  public record Scene(String basename, Path image, Path annotation) {}

  private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

  public SceneSet {
    scenes = List.copyOf(scenes);
  }

  /**
   * @param list a file of basenames, or null for every image in {@code images}
   * @throws IOException with a clear message for a missing folder or file or an unmatched name
   */
  public static SceneSet open(Path images, Path annotations, Path list) throws IOException {
    requireFolder(images, "image");
    requireFolder(annotations, "annotation");
    Map<String, Path> byBasename = new HashMap<>();
    List<String> order = new ArrayList<>();
    try (Stream<Path> files = Files.list(images)) {
      for (Path p : files.sorted().toList()) {
        String name = p.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        for (String ext : EXTENSIONS) {
          if (lower.endsWith(ext) && Files.isRegularFile(p)) {
            String base = name.substring(0, name.length() - ext.length());
            Path other = byBasename.put(base, p);
            if (other != null) {
              throw new IOException(
                  "two images share the basename '" + base + "': " + other + " and " + p);
            }
            order.add(base);
            break;
          }
        }
      }
    }
    List<String> wanted;
    if (list == null) {
      if (order.isEmpty()) {
        throw new IOException("no .jpg or .png images in " + images);
      }
      wanted = order;
    } else {
      if (!Files.isRegularFile(list)) {
        throw new IOException("list file not found: " + list);
      }
      wanted =
          Files.readAllLines(list).stream()
              .map(String::strip)
              .filter(s -> !s.isEmpty() && !s.startsWith("#"))
              .toList();
      if (wanted.isEmpty()) {
        throw new IOException("list file " + list + " names no image");
      }
    }
    List<Scene> scenes = new ArrayList<>();
    for (String base : wanted) {
      Path image = byBasename.get(base);
      if (image == null) {
        throw new IOException(
            "no image '"
                + base
                + "' (.jpg, .jpeg or .png) in "
                + images
                + " (named in "
                + list
                + ")");
      }
      Path xml = annotations.resolve(base + ".xml");
      if (!Files.isRegularFile(xml)) {
        throw new IOException("image " + image + " has no annotation: " + xml + " not found");
      }
      scenes.add(new Scene(base, image, xml));
    }
    return new SceneSet(images, annotations, scenes);
  }

  private static void requireFolder(Path dir, String what) throws IOException {
    if (dir == null) {
      throw new IOException("no " + what + " folder given");
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException(what + " folder not found: " + dir);
    }
  }
}
