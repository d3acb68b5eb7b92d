package io.maskwatch.trainer.data;

import io.maskwatch.vision.OpenCvLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Landmarks of face crops, computed once with YuNet and kept in a small TSV file per detector model
 * in a cache folder, keyed by the SHA-256 of each image's bytes (so renamed or moved files still
 * hit). Misses are stored too. A line per image: {@code sha256 width height} then 15 numbers (box,
 * five points, score) or {@code -} when no face was found.
 */
public final class LandmarkCache {
  private static final Logger LOG = LoggerFactory.getLogger(LandmarkCache.class);
  private static final String HEADER =
      "# maskwatch face-crop landmarks v1: sha256 width height "
          + "box(4) right-eye left-eye nose right-mouth left-mouth (x y each) score, or -";

  private final Path cacheFile;
  private final Path yunetModel;
  private final int progressEvery;
  private final Map<String, CropLandmarks> known = new HashMap<>();
  private LandmarkDetector detector;

  /**
   * @param cacheDir folder for the cache file; created when missing
   * @param yunetModel the YuNet ONNX model; its content names the cache file
   * @param progressEvery log a progress line every this many computed images
   */
  public LandmarkCache(Path cacheDir, Path yunetModel, int progressEvery) {
    if (!Files.isRegularFile(yunetModel)) {
      throw new IllegalArgumentException("YuNet model not found: " + yunetModel);
    }
    this.yunetModel = yunetModel;
    this.progressEvery = Math.max(1, progressEvery);
    try {
      Files.createDirectories(cacheDir);
      String modelSha = ImageFingerprint.sha256Hex(Files.readAllBytes(yunetModel));
      this.cacheFile = cacheDir.resolve("landmarks-" + modelSha.substring(0, 16) + ".tsv");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare landmark cache in " + cacheDir, e);
    }
    load();
  }

  public Path cacheFile() {
    return cacheFile;
  }

  /** Landmarks for every file, in the given order: from the cache, or computed and added to it. */
  public Map<Path, CropLandmarks> landmarksFor(List<Path> files) {
    Map<Path, CropLandmarks> result = new LinkedHashMap<>();
    int computed = 0;
    int found = 0;
    long start = System.nanoTime();
    try (BufferedWriter out = appender()) {
      for (Path file : files) {
        byte[] bytes = Files.readAllBytes(file);
        String sha = ImageFingerprint.sha256Hex(bytes);
        CropLandmarks entry = known.get(sha);
        if (entry == null) {
          entry = detect(file, bytes);
          known.put(sha, entry);
          out.write(format(sha, entry));
          out.newLine();
          computed++;
          if (computed % progressEvery == 0) {
            LOG.info(
                "Landmarks: computed {} ({} of {} files done)",
                computed,
                result.size() + 1,
                files.size());
          }
        }
        if (entry.landmarks().isPresent()) {
          found++;
        }
        result.put(file, entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read images or write " + cacheFile, e);
    }
    LOG.info(
        "Landmarks for {} files ({} computed in {} ms, {} from {}): a face in {}",
        files.size(),
        computed,
        (System.nanoTime() - start) / 1_000_000,
        files.size() - computed,
        cacheFile,
        found);
    return result;
  }

  private CropLandmarks detect(Path file, byte[] bytes) {
    if (detector == null) {
      OpenCvLoader.ensureLoaded();
      detector = new LandmarkDetector(yunetModel);
    }
    MatOfByte encoded = new MatOfByte(bytes);
    Mat image = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_COLOR);
    encoded.release();
    if (image.empty()) {
      throw new IllegalArgumentException("Not a readable image: " + file);
    }
    CropLandmarks entry = new CropLandmarks(image.cols(), image.rows(), detector.detect(image));
    image.release();
    return entry;
  }

  private BufferedWriter appender() throws IOException {
    boolean fresh = !Files.exists(cacheFile);
    BufferedWriter out =
        Files.newBufferedWriter(
            cacheFile,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
    if (fresh) {
      out.write(HEADER);
      out.newLine();
    }
    return out;
  }

  private void load() {
    if (!Files.exists(cacheFile)) {
      return;
    }
    int bad = 0;
    try {
      for (String line : Files.readAllLines(cacheFile, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        try {
          parse(line);
        } catch (RuntimeException e) {
          bad++; // e.g. a line cut short by an interrupted run: it is simply computed again
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read landmark cache " + cacheFile, e);
    }
    LOG.info(
        "Landmark cache {}: {} entries{}",
        cacheFile,
        known.size(),
        bad > 0 ? ", " + bad + " unreadable lines skipped" : "");
  }

  private void parse(String line) {
    String[] f = line.split("\t");
    if (f.length != 4 && f.length != 18) {
      throw new IllegalArgumentException("Bad landmark cache line: " + line);
    }
    int width = Integer.parseInt(f[1]);
    int height = Integer.parseInt(f[2]);
    Optional<FaceLandmarks> landmarks = Optional.empty();
    if (f.length == 18) {
      double[] v = new double[15];
      for (int i = 0; i < 15; i++) {
        v[i] = Double.parseDouble(f[3 + i]);
      }
      landmarks = Optional.of(FaceLandmarks.fromArray(v));
    } else if (!f[3].equals("-")) {
      throw new IllegalArgumentException("Bad landmark cache line: " + line);
    }
    known.put(f[0], new CropLandmarks(width, height, landmarks));
  }

  private static String format(String sha, CropLandmarks entry) {
    StringBuilder sb =
        new StringBuilder(sha)
            .append('\t')
            .append(entry.width())
            .append('\t')
            .append(entry.height());
    if (entry.landmarks().isEmpty()) {
      return sb.append("\t-").toString();
    }
    for (double v : entry.landmarks().get().toArray()) {
      sb.append('\t').append(v);
    }
    return sb.toString();
  }
}
