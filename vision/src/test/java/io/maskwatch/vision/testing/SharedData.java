package io.maskwatch.vision.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real data and models in ../shared (never copied into the repository); a test that needs them
 * is skipped with a message saying what is missing. Shared with the trainer's tests through this
 * module's test-jar.
 */
public final class SharedData {

  private SharedData() {}

  /** The ../shared folder (system property maskwatch.shared.dir), or the test is skipped. */
  public static Path root() {
    String shared = System.getProperty("maskwatch.shared.dir");
    assumeTrue(shared != null, "system property maskwatch.shared.dir is not set: no shared data");
    Path root = Path.of(shared);
    assumeTrue(Files.isDirectory(root), "shared data not found at " + root + ": skipping");
    return root;
  }

  /** {@code <shared>/data/faces}, or the test is skipped with a message saying why. */
  public static Path facesDir() {
    return existing(root().resolve("data/faces"), "shared face crops");
  }

  /** The YuNet face detector in {@code <shared>/models/face}. */
  public static Path yunet() {
    return existing(root().resolve("models/face/yunet-legacy.onnx"), "YuNet model");
  }

  /** The annotated real scenes ({@code images/}, {@code annotations/}). */
  public static Path kaggleScenes() {
    return existing(root().resolve("data/scenes/kaggle853-dev"), "kaggle853-dev scenes");
  }

  /** {@code count} images of a folder, evenly spread over its sorted listing. */
  public static List<Path> spread(Path folder, int count) {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> all =
          files
              .filter(f -> f.toString().endsWith(".jpg") || f.toString().endsWith(".png"))
              .sorted()
              .toList();
      int step = Math.max(1, all.size() / count);
      return Stream.iterate(0, i -> i + step)
          .limit(count)
          .filter(i -> i < all.size())
          .map(all::get)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path existing(Path path, String what) {
    assumeTrue(Files.exists(path), what + " not found at " + path + ": skipping");
    return path;
  }

  /** The first {@code count} crops, by file name, of one source and label. */
  public static List<Path> faces(String source, String label, int count) {
    Path dir = facesDir().resolve(source).resolve(label);
    assumeTrue(Files.isDirectory(dir), "no shared face crops at " + dir + ": skipping");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> picked =
          files.filter(f -> f.toString().endsWith(".jpg")).sorted().limit(count).toList();
      assumeTrue(picked.size() == count, "fewer than " + count + " crops in " + dir);
      return picked;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
