package io.maskwatch.trainer.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.maskwatch.trainer.backbone.Backbone.Features;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.tfjs.TensorFlowRuntime;
import io.maskwatch.vision.tfjs.TfjsGraphModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** The real human-models networks, imported into TF Java graphs. */
class HumanModelsImportTest {

  private static Path models;

  @BeforeAll
  static void setUp() {
    models = TestResources.modelsDir();
    TensorFlowRuntime.ensureLoaded();
    OpenCvLoader.ensureLoaded();
  }

  /**
   * Reference values: the same model run by TensorFlow.js itself (tfjs-converter 4.22.0, CPU
   * backend, Node 20) on the same synthetic input, pixel k = ((k * 7919) mod 256) * scale.
   */
  @Test
  void importedGraphsReproduceTensorFlowJsOutputs() throws IOException {
    assertFirstOutputs(
        "mobileface",
        "batchnorm0/add_1",
        1.0,
        256,
        7.5246339f,
        -2.2480972f,
        -6.9693756f,
        -1.6919851f,
        -0.5166955f,
        -4.6614161f);
    assertFirstOutputs(
        "mobilefacenet",
        "embeddings",
        0.003921569,
        192,
        -0.00942895f,
        0.022149598f,
        -0.0036316023f,
        0.0099783987f,
        -0.010031713f,
        -0.019800635f);
    // float16-quantized weights and _FusedMatMul
    assertFirstOutputs(
        "faceres",
        "age_pred/Softmax",
        1.0,
        100,
        0.012313645f,
        0.0022465424f,
        0.0017301301f,
        0.0026598442f,
        0.013473989f,
        0.0056437263f);
  }

  @Test
  void simplifiedFaceresComputesWhatTheConvertedGraphComputesWithFewerOps() throws IOException {
    Path json = models.resolve("faceres.json");
    float[] raw =
        runOnPattern(TfjsGraphModel.load(json, false), "global_pooling/Mean", 1.0).values();
    float[] simplified =
        runOnPattern(TfjsGraphModel.load(json), "global_pooling/Mean", 1.0).values();
    for (int i = 0; i < raw.length; i++) {
      assertThat(simplified[i]).isCloseTo(raw[i], within(1e-3f + Math.abs(raw[i]) * 1e-4f));
    }
    assertThat(opCount(TfjsGraphModel.load(json), "global_pooling/Mean"))
        .isLessThan(opCount(TfjsGraphModel.load(json, false), "global_pooling/Mean") * 2 / 3);
  }

  /** One node's output for a fixed, deterministic input pattern. */
  private record PatternOutput(Shape shape, float[] values) {}

  private static PatternOutput runOnPattern(TfjsGraphModel model, String node, double scale) {
    long[] shape = model.placeholderShape(model.placeholders().get(0));
    shape[0] = 1;
    float[] px = new float[(int) (shape[1] * shape[2] * shape[3])];
    for (int k = 0; k < px.length; k++) {
      px[k] = (float) ((((long) k * 7919) % 256) * scale);
    }
    try (Graph g = new Graph()) {
      Placeholder<TFloat32> in =
          Ops.create(g).placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
      Output<?> out = model.addTo(g, "m", in, List.of(node)).get(0);
      try (Session s = new Session(g, TensorFlowRuntime.singleThread());
          TFloat32 x = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(px, true, false));
          Result r = s.runner().feed(in, x).fetch(out).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] v = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(v, false, false));
        return new PatternOutput(t.shape(), v);
      }
    }
  }

  private static int opCount(TfjsGraphModel model, String node) {
    try (Graph g = new Graph()) {
      Placeholder<TFloat32> in =
          Ops.create(g).placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 224, 224, 3)));
      model.addTo(g, "m", in, List.of(node));
      int n = 0;
      for (var it = g.operations(); it.hasNext(); it.next()) {
        n++;
      }
      return n;
    }
  }

  @Test
  void mobilefaceEmbedsRealFacesAsFinite256VectorsWithShiftedCropsCloserThanOtherPeople()
      throws IOException {
    float[][][] pairs = embedShiftedPairs(HumanBackbone.MOBILEFACE, 112, 24, 0.97);
    assertThat(pairs[0][0]).hasSize(256);
    for (float[][] side : pairs) {
      for (float[] e : side) {
        for (float v : e) {
          assertThat(Float.isFinite(v)).isTrue();
        }
      }
    }
    double same = 0;
    double other = 0;
    int n = pairs[0].length;
    for (int i = 0; i < n; i++) {
      same += distance(pairs[0][i], pairs[1][i]) / n;
      other += distance(pairs[0][i], pairs[1][(i + 1) % n]) / n;
    }
    System.out.printf(
        "mobileface cosine distance: same photo %.3f, other people %.3f%n", same, other);
    assertThat(same).isLessThan(0.8 * other);
  }

  @Test
  void faceresAt0To255FindsTheSamePhotoAmongOthers() throws IOException {
    float[][][] pairs = embedShiftedPairs(HumanBackbone.FACERES, 224, 16, 0.94);
    int n = pairs[0].length;
    int hits = 0;
    for (int i = 0; i < n; i++) {
      int best = -1;
      double bestD = Double.MAX_VALUE;
      for (int j = 0; j < n; j++) {
        double d = distance(pairs[0][i], pairs[1][j]);
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      hits += best == i ? 1 : 0;
    }
    assertThat(hits).isGreaterThanOrEqualTo(n - 1);
  }

  /**
   * Embeds, for n photos, crop A (top-left {@code keep}) and crop B (bottom-right {@code keep}).
   */
  private float[][][] embedShiftedPairs(HumanBackbone spec, int size, int n, double keep)
      throws IOException {
    Path dir = TestResources.sharedDir().resolve("data/faces/chandrikadeb7/without_mask");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(p -> !p.getFileName().toString().contains("aug"))
              .sorted()
              .limit(n * 7L)
              .toList();
    }
    float[] a = new float[n * size * size * 3];
    float[] b = new float[n * size * size * 3];
    for (int i = 0; i < n; i++) {
      Mat img = Imgcodecs.imread(files.get(i * 7).toString());
      int cw = (int) (img.cols() * keep);
      int ch = (int) (img.rows() * keep);
      put(new Mat(img, new Rect(0, 0, cw, ch)), a, i, size);
      put(new Mat(img, new Rect(img.cols() - cw, img.rows() - ch, cw, ch)), b, i, size);
    }
    Backbone backbone = Backbone.load(spec, models);
    try (Graph g = new Graph()) {
      Placeholder<TFloat32> in =
          Ops.create(g).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
      Features f = backbone.addTo(g, "bb", in, size, "embedding", Pooling.AVG);
      try (Session s = new Session(g, TensorFlowRuntime.singleThread())) {
        return new float[][][] {
          run(s, in, f.output(), a, n, size), run(s, in, f.output(), b, n, size)
        };
      }
    }
  }

  private static void put(Mat crop, float[] dst, int i, int size) {
    Mat sq = ProbeImages.resizeSquare(crop, size);
    ProbeImages.putRgb(sq, dst, i * size * size * 3);
  }

  private static float[][] run(
      Session s, Placeholder<TFloat32> in, Output<TFloat32> out, float[] px, int n, int size) {
    try (TFloat32 x =
            TFloat32.tensorOf(Shape.of(n, size, size, 3), DataBuffers.of(px, true, false));
        Result r = s.runner().feed(in, x).fetch(out).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      int d = (int) t.shape().size(1);
      float[][] e = new float[n][d];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          e[i][j] = t.getFloat(i, j);
        }
      }
      return e;
    }
  }

  private static double distance(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return 1 - dot / Math.sqrt(na * nb);
  }

  private static void assertFirstOutputs(
      String name, String node, double scale, int width, float... expected) throws IOException {
    PatternOutput out =
        runOnPattern(TfjsGraphModel.load(models.resolve(name + ".json")), node, scale);
    assertThat(out.shape()).isEqualTo(Shape.of(1, width));
    for (int i = 0; i < expected.length; i++) {
      float tolerance = Math.max(1e-5f, Math.abs(expected[i]) * 1e-4f);
      assertThat(out.values()[i])
          .as(name + "[" + i + "]")
          .isCloseTo(expected[i], within(tolerance));
    }
  }
}
