package io.maskwatch.trainer.backbone;

import io.maskwatch.trainer.backbone.Backbone.FeatureLayer;
import io.maskwatch.trainer.backbone.FeatureGraph.Request;
import io.maskwatch.trainer.backbone.ProbeImages.TrainingFace;
import io.maskwatch.trainer.backbone.ProbeReport.Row;
import io.maskwatch.trainer.eval.ClassificationMetrics;
import io.maskwatch.trainer.eval.GtCrop;
import io.maskwatch.trainer.eval.GtCrops;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Research tool: which pretrained face network, input size and layer make the best mask features on
 * real scenes? Extracts features (one TF thread) for the training faces, their low-resolution
 * copies and the kaggle853-dev GT crops, trains small heads in plain Java on the training faces
 * only, and reports scene metrics and single-thread milliseconds per face.
 *
 * <pre>
 * TENSORFLOW_LIBRARY_PATH=target/tf-native java -Xmx3g -Dai.djl.offline=true \
 *   -cp 'trainer/target/classes:trainer/target/lib/*' io.maskwatch.trainer.backbone.BackboneProbe \
 *   [--shared ../shared] [--models DIR] [--cache /tmp/maskwatch-probe] [--out FILE]
 *   [--sizes 112,224] [--limit N (every k-th training face, for a quick look)]
 * </pre>
 */
public final class BackboneProbe {

  private static final List<String> CLASSES =
      List.of(
          MaskLabel.WITH_MASK.wireName(),
          MaskLabel.WITHOUT_MASK.wireName(),
          MaskLabel.MASK_WEARED_INCORRECT.wireName());
  private static final long SEED = 20240611L;

  private BackboneProbe() {}

  /** The candidates, grouped by the square size fed to the graph. */
  static Map<Integer, List<Request>> candidates() {
    Map<Integer, List<Request>> m = new TreeMap<>();
    m.put(
        112,
        List.of(
            new Request(
                HumanBackbone.MOBILEFACE,
                112,
                layers(
                    "embedding:AVG",
                    "stage4:AVG",
                    "stage4:AVG_LOWER",
                    "stage4:FLATTEN",
                    "stage3:AVG_LOWER")),
            new Request(
                HumanBackbone.MOBILEFACENET,
                112,
                layers(
                    "embedding:AVG",
                    "gdc:AVG",
                    "conv7:AVG",
                    "conv7:AVG_LOWER",
                    "block5:AVG_LOWER")),
            new Request(
                HumanBackbone.FACERES,
                112,
                layers(
                    "embedding:AVG",
                    "feats:AVG",
                    "pw7:AVG_LOWER",
                    "pw9:AVG_LOWER",
                    "pw11:AVG",
                    "pw11:AVG_LOWER",
                    "pw13:AVG_LOWER")),
            new Request(HumanBackbone.GEAR, 112, layers("embedding:AVG", "conv5:AVG_LOWER"))));
    m.put(
        96,
        List.of(new Request(HumanBackbone.FACERES, 96, layers("embedding:AVG", "pw11:AVG_LOWER"))));
    m.put(
        128,
        List.of(
            new Request(HumanBackbone.FACERES, 128, layers("embedding:AVG", "pw11:AVG_LOWER")),
            new Request(HumanBackbone.ANTISPOOF, 128, layers("embedding:AVG", "conv2:AVG_LOWER"))));
    m.put(
        224,
        List.of(
            new Request(
                HumanBackbone.FACERES,
                224,
                layers(
                    "embedding:AVG",
                    "feats:AVG",
                    "pw11:AVG",
                    "pw11:AVG_LOWER",
                    "pw13:AVG_LOWER"))));
    m.put(
        64,
        List.of(
            new Request(
                HumanBackbone.EMOTION,
                64,
                layers("embedding:AVG", "embedding:AVG_LOWER", "block2:AVG_LOWER"))));
    return m;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = options(args);
    Path shared =
        Path.of(
            opt.getOrDefault("shared", System.getProperty("maskwatch.shared.dir", "../shared")));
    Path faces = shared.resolve("data/faces");
    Path scenes = shared.resolve("data/scenes/kaggle853-dev");
    Path models =
        opt.containsKey("models") ? Path.of(opt.get("models")) : HumanModels.ensureDefault();
    int limit = Integer.parseInt(opt.getOrDefault("limit", "0"));
    Path cacheDir = Path.of(opt.getOrDefault("cache", "/tmp/maskwatch-probe"));
    FeatureCache cache = new FeatureCache(limit > 0 ? cacheDir.resolve("limit" + limit) : cacheDir);
    Path out = Path.of(opt.getOrDefault("out", "target/backbone-probe-results.md"));
    List<Integer> sizes = new ArrayList<>();
    if (opt.containsKey("sizes")) {
      for (String s : opt.get("sizes").split(",")) {
        sizes.add(Integer.valueOf(s.trim()));
      }
    } else {
      sizes.addAll(candidates().keySet());
    }

    OpenCvLoader.ensureLoaded();
    TensorFlowRuntime.ensureLoaded();
    List<TrainingFace> train = ProbeImages.listFaces(faces);
    if (limit > 0 && limit < train.size()) {
      // Every k-th file of the sorted list: keeps the mix of sources and labels.
      List<TrainingFace> every = new ArrayList<>();
      for (int i = 0; i < limit; i++) {
        every.add(train.get((int) ((long) i * train.size() / limit)));
      }
      train = every;
    }
    GtCrops.Result gt = GtCrops.load(scenes, null, GtCrops.Options.DEFAULTS);
    List<GtCrop> sceneCrops = gt.crops();
    System.out.printf(
        "%d training faces; %d scene faces, %d kept (>= 16 px)%n",
        train.size(), gt.totalFaces(), sceneCrops.size());

    Map<HumanBackbone, Backbone> loaded = new EnumMap<>(HumanBackbone.class);
    Map<String, Integer> dims = new LinkedHashMap<>();
    Map<String, Double> millis = new LinkedHashMap<>();
    ProbeFeatures features = new ProbeFeatures(cache, SEED);
    for (int size : sizes) {
      List<Request> requests = candidates().get(size);
      for (Request r : requests) {
        if (!loaded.containsKey(r.backbone())) {
          loaded.put(r.backbone(), Backbone.load(r.backbone(), models));
        }
      }
      try (FeatureGraph graph = new FeatureGraph(size, requests, loaded)) {
        graph.keys().forEach(k -> dims.put(k, graph.dim(k)));
        if (!features.cached(graph)) {
          System.out.println("Extracting " + graph.keys());
          features.extract(graph, train, sceneCrops);
        }
        millis.putAll(features.time(graph, sceneCrops, 40));
      }
    }

    int[] yTrain = new int[train.size()];
    for (int i = 0; i < yTrain.length; i++) {
      yTrain[i] = train.get(i).label().ordinal();
    }
    int[] yScene = sceneCrops.stream().mapToInt(c -> c.label().ordinal()).toArray();
    ProbeReport report = new ProbeReport();
    for (String key : dims.keySet()) {
      evaluate(report, key, dims.get(key), millis.get(key), load(cache, key), yTrain, yScene, true);
    }
    // Heads on the strongest features, then pairs of features from different backbones.
    for (Row r : report.best("LR-3", 4)) {
      if (r.dim() <= 1100) {
        Sets s = load(cache, r.feature());
        addRow(
            report,
            r.feature(),
            r.dim(),
            r.ms(),
            "MLP64-3",
            SoftmaxHead.train(s.trainWithLowRes(), twice(yTrain), 3, SoftmaxHead.Config.mlp(64)),
            s.scenes(),
            yScene);
      }
    }
    List<Row> top = report.best("LR-3", 8);
    for (int i = 0; i < top.size(); i++) {
      for (int j = i + 1; j < top.size(); j++) {
        Row a = top.get(i);
        Row b = top.get(j);
        if (backboneOf(a.feature()).equals(backboneOf(b.feature()))) {
          continue;
        }
        Sets s = Sets.concat(load(cache, a.feature()), load(cache, b.feature()));
        String name = a.feature() + " + " + b.feature();
        evaluate(report, name, a.dim() + b.dim(), a.ms() + b.ms(), s, yTrain, yScene, false);
      }
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report.markdown());
    System.out.println("Wrote " + out);
  }

  private static void evaluate(
      ProbeReport report,
      String key,
      int dim,
      double ms,
      Sets s,
      int[] yTrain,
      int[] yScene,
      boolean withVariants) {
    SoftmaxHead.Config lr = SoftmaxHead.Config.linear();
    addRow(
        report,
        key,
        dim,
        ms,
        "LR-3",
        SoftmaxHead.train(s.trainWithLowRes(), twice(yTrain), 3, lr),
        s.scenes(),
        yScene);
    if (!withVariants) {
      return;
    }
    addRow(
        report,
        key,
        dim,
        ms,
        "LR-3 no low-res",
        SoftmaxHead.train(s.train(), yTrain, 3, lr),
        s.scenes(),
        yScene);
    // 2-class head: with_mask vs without_mask only; in scenes "incorrect" is a violation.
    List<float[]> x2 = new ArrayList<>();
    List<Integer> y2 = new ArrayList<>();
    float[][] all = s.trainWithLowRes();
    int[] yAll = twice(yTrain);
    for (int i = 0; i < all.length; i++) {
      if (yAll[i] != MaskLabel.MASK_WEARED_INCORRECT.ordinal()) {
        x2.add(all[i]);
        y2.add(yAll[i]);
      }
    }
    SoftmaxHead two =
        SoftmaxHead.train(
            x2.toArray(new float[0][]), y2.stream().mapToInt(Integer::intValue).toArray(), 2, lr);
    addRow(report, key, dim, ms, "LR-2", two, s.scenes(), yScene);
  }

  private static void addRow(
      ProbeReport report,
      String key,
      int dim,
      double ms,
      String head,
      SoftmaxHead model,
      float[][] scenes,
      int[] yScene) {
    int[] pred = new int[scenes.length];
    for (int i = 0; i < scenes.length; i++) {
      pred[i] = model.predict(scenes[i]);
    }
    report.add(new Row(key, dim, ms, head, ClassificationMetrics.ofIndices(CLASSES, yScene, pred)));
  }

  /** The three feature sets of one feature key. */
  record Sets(float[][] train, float[][] trainLowRes, float[][] scenes) {
    float[][] trainWithLowRes() {
      float[][] x = new float[train.length * 2][];
      System.arraycopy(train, 0, x, 0, train.length);
      System.arraycopy(trainLowRes, 0, x, train.length, trainLowRes.length);
      return x;
    }

    static Sets concat(Sets a, Sets b) {
      return new Sets(
          cat(a.train, b.train), cat(a.trainLowRes, b.trainLowRes), cat(a.scenes, b.scenes));
    }

    private static float[][] cat(float[][] a, float[][] b) {
      float[][] out = new float[a.length][];
      for (int i = 0; i < a.length; i++) {
        out[i] = new float[a[i].length + b[i].length];
        System.arraycopy(a[i], 0, out[i], 0, a[i].length);
        System.arraycopy(b[i], 0, out[i], a[i].length, b[i].length);
      }
      return out;
    }
  }

  private static Sets load(FeatureCache cache, String key) throws IOException {
    return new Sets(
        cache.read(ProbeFeatures.TRAIN, key),
        cache.read(ProbeFeatures.TRAIN_LOWRES, key),
        cache.read(ProbeFeatures.SCENES, key));
  }

  private static int[] twice(int[] y) {
    int[] out = new int[y.length * 2];
    System.arraycopy(y, 0, out, 0, y.length);
    System.arraycopy(y, 0, out, y.length, y.length);
    return out;
  }

  private static String backboneOf(String key) {
    return key.substring(0, key.indexOf('@'));
  }

  private static List<FeatureLayer> layers(String... specs) {
    List<FeatureLayer> out = new ArrayList<>();
    for (String s : specs) {
      String[] p = s.split(":");
      out.add(new FeatureLayer(p[0], Pooling.valueOf(p[1])));
    }
    return out;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("Expected --name value pairs, got " + List.of(args));
      }
      m.put(args[i].substring(2), args[++i]);
    }
    return m;
  }
}
