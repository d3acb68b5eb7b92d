package io.maskwatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class LandmarkCacheTest {
  @TempDir Path tmp;

  @Test
  void computesOnceAndReusesTheCacheKeyedByContent() throws IOException {
    List<Path> files =
        new ArrayList<>(
            SharedData.spread(SharedData.facesDir().resolve("chandrikadeb7/without_mask"), 8));
    // An image that holds no face at all: its miss is cached too.
    Path noFace = tmp.resolve("plain.jpg");
    OpenCvLoader.ensureLoaded();
    Mat grey = new Mat(120, 100, CvType.CV_8UC3, new Scalar(128, 128, 128));
    Imgcodecs.imwrite(noFace.toString(), grey);
    files.add(noFace);
    Path cacheDir = tmp.resolve("cache");

    Map<Path, CropLandmarks> first =
        new LandmarkCache(cacheDir, SharedData.yunet(), 4).landmarksFor(files);
    Path cacheFile = new LandmarkCache(cacheDir, SharedData.yunet(), 4).cacheFile();
    long lines = Files.readAllLines(cacheFile).size();

    assertThat(first).hasSize(9);
    assertThat(first.get(noFace).landmarks()).isEmpty();
    assertThat(first.get(noFace).width()).isEqualTo(100);
    assertThat(first.values().stream().filter(c -> c.landmarks().isPresent()))
        .hasSizeGreaterThanOrEqualTo(7);
    assertThat(lines).isEqualTo(1 + 9); // header + one line per image

    // A second run, with one file renamed: everything comes from the cache, nothing is appended.
    Path renamed = Files.copy(files.get(0), tmp.resolve("renamed.jpg"));
    List<Path> again = new ArrayList<>(files);
    again.set(0, renamed);
    Map<Path, CropLandmarks> second =
        new LandmarkCache(cacheDir, SharedData.yunet(), 4).landmarksFor(again);

    assertThat(Files.readAllLines(cacheFile)).hasSize((int) lines);
    assertThat(second.get(renamed)).isEqualTo(first.get(files.get(0)));
    for (Path f : files.subList(1, files.size())) {
      assertThat(second.get(f)).isEqualTo(first.get(f));
    }
  }

  @Test
  void aDamagedLineIsRecomputed() throws IOException {
    List<Path> files =
        SharedData.spread(SharedData.facesDir().resolve("chandrikadeb7/without_mask"), 2);
    Path cacheDir = tmp.resolve("cache");
    LandmarkCache cache = new LandmarkCache(cacheDir, SharedData.yunet(), 100);
    Map<Path, CropLandmarks> first = cache.landmarksFor(files);
    List<String> lines = new ArrayList<>(Files.readAllLines(cache.cacheFile()));
    lines.set(2, lines.get(2).substring(0, 80)); // as if a run was cut off mid-line
    Files.write(cache.cacheFile(), lines);

    Map<Path, CropLandmarks> second =
        new LandmarkCache(cacheDir, SharedData.yunet(), 100).landmarksFor(files);

    // The damaged entry was detected again (YuNet's score may differ in the last float digits).
    assertThat(Files.readAllLines(cache.cacheFile())).hasSize(lines.size() + 1);
    assertThat(second.keySet()).isEqualTo(first.keySet());
    for (Path f : files) {
      double[] a = first.get(f).landmarks().orElseThrow().toArray();
      double[] b = second.get(f).landmarks().orElseThrow().toArray();
      assertThat(b).containsExactly(a, offset(1e-4));
    }
  }
}
