package io.maskwatch.trainer.backbone;

import io.maskwatch.trainer.backbone.Backbone.FeatureLayer;
import io.maskwatch.trainer.backbone.FeatureGraph.Request;
import io.maskwatch.trainer.backbone.ProbeImages.TrainingFace;
import io.maskwatch.trainer.backbone.ProbeReport.Row;
import io.maskwatch.trainer.eval.GtCrop;
import io.maskwatch.trainer.eval.GtCrops;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.tfjs.HumanModels;
import io.maskwatch.vision.tfjs.TensorFlowRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 *   [--groups 112,224L] [--limit N (every k-th training face, for a quick look)] [--time-only true]
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

  /** Requests sharing one input size, extracted (and cached) together. */
  record Group(int inputSize, List<Request> requests) {}

  /** The candidates, by group name (the input size; "L" marks lower-face crops). */
  static Map<String, Group> candidates() {
    Map<String, Group> m = new LinkedHashMap<>();
    m.put(
        "64",
        group(
            64,
            new Request(
                HumanBackbone.EMOTION,
                64,
                layers("embedding:AVG", "embedding:AVG_LOWER", "block2:AVG_LOWER"))));
    m.put(
        "96",
        group(
            96, new Request(HumanBackbone.FACERES, 96, layers("embedding:AVG", "pw11:AVG_LOWER"))));
    m.put(
        "112",
        group(
            112,
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
        "128",
        group(
            128,
            new Request(
                HumanBackbone.FACERES,
                128,
                layers("embedding:AVG", "pw9:AVG", "pw11:AVG", "pw11:AVG_LOWER")),
            new Request(HumanBackbone.ANTISPOOF, 128, layers("embedding:AVG", "conv2:AVG_LOWER"))));
    for (int size : new int[] {144, 160, 192}) {
      m.put(
          String.valueOf(size),
          group(
              size,
              new Request(
                  HumanBackbone.FACERES,
                  size,
                  layers("embedding:AVG", "pw9:AVG", "pw11:AVG", "pw11:AVG_LOWER"))));
    }
    m.put(
        "224",
        group(
            224,
            new Request(
                HumanBackbone.FACERES,
                224,
                layers(
                    "embedding:AVG",
                    "feats:AVG",
                    "pw11:AVG",
                    "pw11:AVG_LOWER",
                    "pw13:AVG_LOWER"))));
    // The lower 60 % of the face (nose to chin) scaled up to the backbone's square input.
    m.put(
        "224L",
        group(
            224,
            new Request(HumanBackbone.FACERES, 112, layers("pw9:AVG", "pw11:AVG"), 0.6),
            new Request(HumanBackbone.FACERES, 160, layers("pw9:AVG", "pw11:AVG"), 0.6),
            new Request(HumanBackbone.MOBILEFACE, 112, layers("embedding:AVG", "stage4:AVG"), 0.6),
            new Request(HumanBackbone.EMOTION, 64, layers("embedding:AVG"), 0.6)));
    return m;
  }

  private static Group group(int inputSize, Request... requests) {
    return new Group(inputSize, List.of(requests));
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
    List<String> groups = new ArrayList<>();
    if (opt.containsKey("groups")) {
      for (String g : opt.get("groups").split(",")) {
        if (!candidates().containsKey(g.trim())) {
          throw new IllegalArgumentException(
              "No group '" + g + "'; known " + candidates().keySet());
        }
        groups.add(g.trim());
      }
    } else {
      groups.addAll(candidates().keySet());
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
    Map<String, ProbeFeatures.Timing> timings = new LinkedHashMap<>();
    ProbeFeatures features = new ProbeFeatures(cache, SEED);
    for (String name : groups) {
      List<Request> requests = candidates().get(name).requests();
      int size = candidates().get(name).inputSize();
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
        features
            .time(graph, sceneCrops, 60)
            .forEach(
                (k, t) -> {
                  timings.put(k, t);
                  millis.put(k, t.cpuMs());
                });
      }
    }

    if (Boolean.parseBoolean(opt.getOrDefault("time-only", "false"))) {
      timings.forEach(
          (k, t) ->
              System.out.printf(
                  "| %s | %.2f | %.2f | %.2f |%n", k, t.cpuMs(), t.wallMsP10(), t.wallMsMedian()));
      return;
    }
    int[] yTrain = new int[train.size()];
    for (int i = 0; i < yTrain.length; i++) {
      yTrain[i] = train.get(i).label().ordinal();
    }
    int[] yScene = sceneCrops.stream().mapToInt(c -> c.label().ordinal()).toArray();
    ProbeReport report = new ProbeReport();
    ProbeHeads heads = new ProbeHeads(report, yTrain, yScene);
    for (String key : dims.keySet()) {
      heads.evaluate(key, dims.get(key), millis.get(key), ProbeHeads.Sets.load(cache, key), true);
    }
    // A small MLP on the strongest features.
    for (Row r : report.best("LR-3", 4)) {
      if (r.dim() <= 1100) {
        heads.mlp(r.feature(), r.dim(), r.ms(), ProbeHeads.Sets.load(cache, r.feature()));
      }
    }
    // The best feature of each backbone, paired with the overall best and with each other.
    Map<String, Row> bestPerBackbone = new LinkedHashMap<>();
    for (Row r : report.best("LR-3", Integer.MAX_VALUE)) {
      bestPerBackbone.putIfAbsent(backboneOf(r.feature()), r);
    }
    List<Row> firsts = List.copyOf(bestPerBackbone.values());
    for (int i = 0; i < firsts.size(); i++) {
      for (int j = i + 1; j < firsts.size(); j++) {
        if (i > 0 && firsts.get(i).ms() + firsts.get(j).ms() > 12) {
          continue; // only the best with anything, and cheap pairs
        }
        Row a = firsts.get(i);
        Row b = firsts.get(j);
        ProbeHeads.Sets s =
            ProbeHeads.Sets.concat(
                ProbeHeads.Sets.load(cache, a.feature()), ProbeHeads.Sets.load(cache, b.feature()));
        heads.evaluate(
            a.feature() + " + " + b.feature(), a.dim() + b.dim(), a.ms() + b.ms(), s, false);
      }
    }
    StringBuilder md = new StringBuilder(report.markdown());
    double[] minSide = sceneCrops.stream().mapToDouble(c -> c.box().minSide()).toArray();
    for (Row r : report.best("LR-3", 3)) {
      md.append("\n").append(r.feature()).append(", LR-3, by face size:\n\n");
      md.append(ProbeReport.bySize(r, yScene, minSide));
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, md.toString());
    System.out.println("Wrote " + out);
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
