package io.maskwatch.trainer.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real images and models in ../shared; tests skip with a message where it is absent. */
final class SharedData {
  private SharedData() {}

  static Path dir() {
    String prop = System.getProperty("maskwatch.shared.dir");
    assumeTrue(
        prop != null && Files.isDirectory(Path.of(prop, "data", "faces")),
        "Skipped: shared data not found (system property maskwatch.shared.dir="
            + prop
            + " must point at a folder with data/faces)");
    return Path.of(prop);
  }

  static Path faces() {
    return dir().resolve("data/faces");
  }

  static Path yunet() {
    Path model = dir().resolve("models/face/yunet-legacy.onnx");
    assumeTrue(Files.isRegularFile(model), "Skipped: YuNet model missing at " + model);
    return model;
  }

  /** {@code count} images of a folder, evenly spread over its sorted listing. */
  static List<Path> spread(Path folder, int count) {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> all = files.filter(DatasetScanner::isImage).sorted().toList();
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
}
