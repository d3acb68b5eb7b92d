package io.maskwatch.vision.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real face crops in ../shared (never copied into the repository); tests skip without it. */
public final class SharedData {

  private SharedData() {}

  /** {@code <shared>/data/faces}, or the test is skipped with a message saying why. */
  public static Path facesDir() {
    String shared = System.getProperty("maskwatch.shared.dir");
    assumeTrue(shared != null, "system property maskwatch.shared.dir is not set: no shared data");
    Path faces = Path.of(shared, "data", "faces");
    assumeTrue(Files.isDirectory(faces), "shared face crops not found at " + faces + ": skipping");
    return faces;
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
