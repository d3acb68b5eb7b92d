package io.maskwatch.trainer.backbone;

import io.maskwatch.trainer.backbone.ProbeImages.TrainingFace;
import io.maskwatch.trainer.eval.GtCrop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Runs one {@link FeatureGraph} over the probe's three sets (training faces as they are, the same
 * faces at low resolution, the scene GT crops) and caches every feature; also times each feature on
 * single faces.
 */
final class ProbeFeatures {

  static final String TRAIN = "train";
  static final String TRAIN_LOWRES = "trainlowres";
  static final String SCENES = "scenes";
  private static final int BATCH = 16;

  private final FeatureCache cache;
  private final long seed;

  ProbeFeatures(FeatureCache cache, long seed) {
    this.cache = cache;
    this.seed = seed;
  }

  boolean cached(FeatureGraph graph) {
    for (String key : graph.keys()) {
      for (String set : List.of(TRAIN, TRAIN_LOWRES, SCENES)) {
        if (!cache.has(set, key)) {
          return false;
        }
      }
    }
    return true;
  }

  void extract(FeatureGraph graph, List<TrainingFace> faces, List<GtCrop> scenes)
      throws IOException {
    int s = graph.inputSize();
    Map<String, float[][]> plain = alloc(graph, faces.size());
    Map<String, float[][]> low = alloc(graph, faces.size());
    Map<String, float[][]> scene = alloc(graph, scenes.size());
    long start = System.nanoTime();
    float[] a = new float[BATCH * s * s * 3];
    float[] b = new float[BATCH * s * s * 3];
    for (int from = 0; from < faces.size(); from += BATCH) {
      int n = Math.min(BATCH, faces.size() - from);
      for (int i = 0; i < n; i++) {
        TrainingFace f = faces.get(from + i);
        Mat img = Imgcodecs.imread(f.path().toString(), Imgcodecs.IMREAD_COLOR);
        if (img.empty()) {
          throw new IOException("OpenCV cannot decode " + f.path());
        }
        Mat sq = ProbeImages.resizeSquare(img, s);
        Mat lr = ProbeImages.lowRes(img, ProbeImages.lowResSide(seed, from + i), s);
        ProbeImages.putRgb(sq, a, i * s * s * 3);
        ProbeImages.putRgb(lr, b, i * s * s * 3);
        img.release();
        sq.release();
        lr.release();
      }
      store(graph, graph.run(a, n), plain, from);
      store(graph, graph.run(b, n), low, from);
      if ((from / BATCH) % 40 == 0 || from + n == faces.size()) {
        double el = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "  %d px: %d/%d training faces, %.0f s, ~%.0f s left%n",
            s, from + n, faces.size(), el, el / (from + n) * (faces.size() - from - n));
      }
    }
    for (int from = 0; from < scenes.size(); from += BATCH) {
      int n = Math.min(BATCH, scenes.size() - from);
      for (int i = 0; i < n; i++) {
        Mat sq = ProbeImages.resizeSquare(scenes.get(from + i).crop(), s);
        ProbeImages.putRgb(sq, a, i * s * s * 3);
        sq.release();
      }
      store(graph, graph.run(a, n), scene, from);
    }
    for (String key : graph.keys()) {
      cache.write(TRAIN, key, plain.get(key));
      cache.write(TRAIN_LOWRES, key, low.get(key));
      cache.write(SCENES, key, scene.get(key));
    }
  }

  /** Cost of one feature for one face (batch of one). */
  record Timing(double wallMsP10, double wallMsMedian, double cpuMs) {}

  /**
   * Times each feature on single faces after a warm-up. The machine is shared with other jobs, so
   * besides wall-clock percentiles it reports the process CPU time per face, which waiting for a
   * busy core does not inflate (with one TF thread it is the cost on one core).
   */
  Map<String, Timing> time(FeatureGraph graph, List<GtCrop> scenes, int runs) {
    int s = graph.inputSize();
    List<float[]> inputs = new ArrayList<>();
    for (int i = 0; i < Math.min(runs, scenes.size()); i++) {
      float[] px = new float[s * s * 3];
      Mat sq = ProbeImages.resizeSquare(scenes.get(i * scenes.size() / runs).crop(), s);
      ProbeImages.putRgb(sq, px, 0);
      sq.release();
      inputs.add(px);
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    Map<String, Timing> out = new LinkedHashMap<>();
    for (String key : graph.keys()) {
      for (int w = 0; w < 5; w++) {
        graph.run(inputs.get(w % inputs.size()), 1, List.of(key));
      }
      double[] ms = new double[inputs.size()];
      long cpu0 = os.getProcessCpuTime();
      for (int i = 0; i < inputs.size(); i++) {
        long t0 = System.nanoTime();
        graph.run(inputs.get(i), 1, List.of(key));
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e6 / inputs.size();
      Arrays.sort(ms);
      out.put(key, new Timing(ms[ms.length / 10], ms[ms.length / 2], cpu));
    }
    return out;
  }

  private static Map<String, float[][]> alloc(FeatureGraph graph, int n) {
    Map<String, float[][]> m = new LinkedHashMap<>();
    for (String key : graph.keys()) {
      m.put(key, new float[n][]);
    }
    return m;
  }

  private static void store(
      FeatureGraph graph, List<float[][]> batch, Map<String, float[][]> into, int from) {
    List<String> keys = graph.keys();
    for (int k = 0; k < keys.size(); k++) {
      float[][] rows = batch.get(k);
      System.arraycopy(rows, 0, into.get(keys.get(k)), from, rows.length);
    }
  }
}
