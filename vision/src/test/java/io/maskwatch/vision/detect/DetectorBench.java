package io.maskwatch.vision.detect;

import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.testing.Scenes;
import io.maskwatch.vision.testing.Scenes.Scene;
import io.maskwatch.vision.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * A measuring tool, not a test: face recall (IoU 0.5, overall and by the annotated face's shorter
 * side), AP and milliseconds per image on one OpenCV thread, for each detector configuration, on
 * all of kaggle853-dev. Runs only when asked:
 *
 * <pre>./mvnw -B -o -pl vision test -Dtest=DetectorBench -Dmaskwatch.bench=true</pre>
 *
 * Prints a Markdown table and writes it to {@code vision/target/detector-bench.md}. The numbers are
 * for the README; nothing here is asserted.
 */
@EnabledIfSystemProperty(named = "maskwatch.bench", matches = "true")
class DetectorBench {

  private static final double IOU = 0.5;
  private static final int[] BIN_EDGES = {16, 32, 64};

  private record Scored(int image, Detection detection) {}

  @Test
  void measure() throws IOException {
    OpenCvLoader.ensureLoaded();
    Core.setNumThreads(1);
    List<Scene> scenes = Scenes.spread(100_000);
    List<Mat> images = new ArrayList<>();
    for (Scene scene : scenes) {
      images.add(Images.read(scene.image()));
    }
    Path model = SharedData.yunet();
    YuNetSettings plain = YuNetSettings.defaults(model);
    String only = System.getProperty("maskwatch.bench.only", "");
    List<Object[]> configs = new ArrayList<>();
    configs.add(
        new Object[] {
          "Haar frontal default (1.1, 5, 24 px)",
          (java.util.function.Supplier<FaceDetector>)
              () -> HaarFaceDetector.load(new HaarSettings(Scenes.haarCascade(), 1.1, 5, 24))
        });
    YuNetSettings own = plain.withBoxFit(0, 1);
    configs.add(yunet("YuNet legacy, native size, own boxes", own.withInputSize(0)));
    configs.add(yunet("YuNet legacy, 640, own boxes", own));
    configs.add(
        yunet(
            "YuNet legacy, 480 + tiles 200/0.25, own boxes",
            own.withInputSize(480).withTiles(200, 0.25)));
    configs.add(yunet("YuNet legacy, native size, fitted boxes", plain.withInputSize(0)));
    configs.add(yunet("YuNet legacy, 640, fitted boxes (default)", plain));
    configs.add(yunet("YuNet legacy, 960, fitted boxes", plain.withInputSize(960)));
    configs.add(
        yunet("YuNet legacy, 640 + tiles 320/0.25, fitted boxes", plain.withTiles(320, 0.25)));
    configs.add(
        yunet(
            "YuNet legacy, 480 + tiles 200/0.25, fitted boxes",
            plain.withInputSize(480).withTiles(200, 0.25)));
    // -Dmaskwatch.bench.blazeface=MODEL:INPUT:TILE:THRESHOLD[:SHIFT:HEIGHT],...
    // (full:192+384:0:0.3)
    for (String spec : System.getProperty("maskwatch.bench.blazeface", "").split(",")) {
      if (spec.isBlank()) {
        continue;
      }
      String[] p = spec.strip().split(":");
      BlazeFaceModel m = BlazeFaceModel.parse(p[0]);
      BlazeFaceSettings bf =
          BlazeFaceSettings.defaults(
                  io.maskwatch.vision.testing.HumanModelsCache.folderWith(List.of(m.file())))
              .withModel(m)
              .withInputSizes(
                  java.util.Arrays.stream(p[1].split("\\+")).map(Integer::valueOf).toList())
              .withTiles(Integer.parseInt(p[2]), 0.25)
              .withScoreThreshold(Float.parseFloat(p[3]));
      if (p.length > 5) {
        bf = bf.withBoxFit(Double.parseDouble(p[4]), Double.parseDouble(p[5]));
      }
      BlazeFaceSettings chosen = bf;
      configs.add(
          new Object[] {
            "BlazeFace " + spec.strip(),
            (java.util.function.Supplier<FaceDetector>) () -> BlazeFaceDetector.load(chosen)
          });
    }
    Path other = model.resolveSibling("yunet.onnx");
    if (Files.isRegularFile(other)) {
      configs.add(
          yunet(
              "YuNet 2023 (yunet.onnx), 640, own boxes",
              YuNetSettings.defaults(other).withBoxFit(0, 1)));
    }

    StringBuilder table = new StringBuilder();
    table.append(
        "| detector | AP | recall | <16 px | 16-32 | 32-64 | >=64 | detections | ms/image |\n");
    table.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Object[] config : configs) {
      String label = (String) config[0];
      if (!only.isEmpty() && !label.contains(only)) {
        continue;
      }
      @SuppressWarnings("unchecked")
      FaceDetector detector = ((java.util.function.Supplier<FaceDetector>) config[1]).get();
      detector.detect(images.get(0)); // warm-up
      List<Scored> all = new ArrayList<>();
      long nanos = 0;
      for (int i = 0; i < images.size(); i++) {
        long start = System.nanoTime();
        List<Detection> found = detector.detect(images.get(i));
        nanos += System.nanoTime() - start;
        for (Detection d : found) {
          all.add(new Scored(i, d));
        }
      }
      printBoxFit(label, scenes, all);
      String row = row(label, scenes, all, nanos / 1e6 / images.size());
      System.out.println(row);
      table.append(row).append('\n');
    }
    System.out.println(table);
    Files.writeString(Path.of("target/detector-bench.md"), table.toString());
  }

  /**
   * How detections sit on the annotated boxes they overlap (IoU >= 0.3, best one per face): median
   * centre offsets (fractions of the detection's size) and size ratios, for choosing a box fit.
   */
  private static void printBoxFit(String label, List<Scene> scenes, List<Scored> all) {
    List<Double> dx = new ArrayList<>();
    List<Double> dy = new ArrayList<>();
    List<Double> rw = new ArrayList<>();
    List<Double> rh = new ArrayList<>();
    for (int i = 0; i < scenes.size(); i++) {
      for (Box f : scenes.get(i).faces()) {
        Box best = null;
        double bestIou = 0.3;
        for (Scored s : all) {
          if (s.image() == i && s.detection().box().iou(f) >= bestIou) {
            bestIou = s.detection().box().iou(f);
            best = s.detection().box();
          }
        }
        if (best != null) {
          dx.add(((f.x() + f.width() / 2.0) - (best.x() + best.width() / 2.0)) / best.width());
          dy.add(((f.y() + f.height() / 2.0) - (best.y() + best.height() / 2.0)) / best.height());
          rw.add((double) f.width() / best.width());
          rh.add((double) f.height() / best.height());
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "box fit %s: %d faces overlapped; median centre offset x %.3f y %.3f (of the detection's"
            + " size), width ratio %.3f, height ratio %.3f%n",
        label,
        dx.size(),
        median(dx),
        median(dy),
        median(rw),
        median(rh));
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static Object[] yunet(String label, YuNetSettings settings) {
    return new Object[] {
      label, (java.util.function.Supplier<FaceDetector>) () -> YuNetFaceDetector.load(settings)
    };
  }

  private static String row(String label, List<Scene> scenes, List<Scored> all, double ms) {
    all.sort(Comparator.comparingDouble((Scored s) -> s.detection().score()).reversed());
    List<boolean[]> taken = new ArrayList<>();
    int total = 0;
    int[] binTotal = new int[4];
    int[] binFound = new int[4];
    for (Scene scene : scenes) {
      taken.add(new boolean[scene.faces().size()]);
      total += scene.faces().size();
      for (Box f : scene.faces()) {
        binTotal[bin(f)]++;
      }
    }
    int tp = 0;
    double ap = 0;
    double lastRecall = 0;
    List<double[]> pr = new ArrayList<>();
    for (int k = 0; k < all.size(); k++) {
      Scored s = all.get(k);
      List<Box> faces = scenes.get(s.image()).faces();
      boolean[] used = taken.get(s.image());
      int best = -1;
      double bestIou = IOU;
      for (int j = 0; j < faces.size(); j++) {
        double iou = faces.get(j).iou(s.detection().box());
        if (iou >= bestIou && !used[j]) {
          bestIou = iou;
          best = j;
        }
      }
      if (best >= 0) {
        used[best] = true;
        tp++;
        binFound[bin(faces.get(best))]++;
      }
      pr.add(new double[] {(double) tp / total, (double) tp / (k + 1)});
    }
    // VOC all-point AP: precision made monotone from the right, summed over recall steps
    for (int k = pr.size() - 2; k >= 0; k--) {
      pr.get(k)[1] = Math.max(pr.get(k)[1], pr.get(k + 1)[1]);
    }
    for (double[] p : pr) {
      ap += (p[0] - lastRecall) * p[1];
      lastRecall = p[0];
    }
    return String.format(
        Locale.ROOT,
        "| %s | %.3f | %.3f (%d/%d) | %.2f | %.2f | %.2f | %.2f | %d | %.1f |",
        label,
        ap,
        (double) tp / total,
        tp,
        total,
        (double) binFound[0] / binTotal[0],
        (double) binFound[1] / binTotal[1],
        (double) binFound[2] / binTotal[2],
        (double) binFound[3] / binTotal[3],
        all.size(),
        ms);
  }

  private static int bin(Box face) {
    int side = Math.min(face.width(), face.height());
    for (int i = 0; i < BIN_EDGES.length; i++) {
      if (side < BIN_EDGES[i]) {
        return i;
      }
    }
    return BIN_EDGES.length;
  }
}
