package io.maskwatch.trainer.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.maskwatch.trainer.backbone.Backbone.Features;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.Softmax;
import org.tensorflow.types.TFloat32;

/**
 * The way the trainer uses a backbone: frozen network and a trainable head in one graph, trained
 * with TF Java's optimizer, exported and reloaded as one SavedModel with the serving contract.
 */
class BackboneExportTest {

  @TempDir Path tmp;
  private static Path models;

  @BeforeAll
  static void setUp() {
    models = TestResources.modelsDir();
    TensorFlowRuntime.ensureLoaded();
  }

  @Test
  void backboneAndHeadTrainInOneGraphAndExportAsOneSavedModel() throws IOException {
    Backbone faceres = Backbone.load(HumanBackbone.FACERES, models);
    int size = 112;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> image =
          tf.withName("image")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
      Features f = faceres.addTo(g, "faceres", image, size, "pw11", Pooling.AVG);
      float[][] w0 = new float[f.dim()][3];
      for (int i = 0; i < f.dim(); i++) {
        w0[i][i % 3] = 0.01f;
      }
      Variable<TFloat32> w = tf.withName("head_w").variable(tf.constant(w0));
      Variable<TFloat32> b = tf.withName("head_b").variable(tf.constant(new float[3]));
      var logits = tf.math.add(tf.linalg.matMul(f.output(), w), b);
      Softmax<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(logits);
      Placeholder<TFloat32> labels =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
      var loss =
          tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), tf.constant(0));
      Op step = new GradientDescent(g, 0.002f).minimize(loss);

      try (Session s = new Session(g, TensorFlowRuntime.singleThread());
          TFloat32 x = pattern(4, size);
          TFloat32 y = TFloat32.tensorOf(Shape.of(4, 3))) {
        for (int i = 0; i < 4; i++) {
          for (int k = 0; k < 3; k++) {
            // tensorOf(Shape) does not zero its memory
            y.setFloat(k == i % 3 ? 1f : 0f, i, k);
          }
        }
        s.initialize();
        float first = lossOf(s, loss, image, labels, x, y);
        for (int i = 0; i < 10; i++) {
          s.runner().feed(image, x).feed(labels, y).addTarget(step).run();
        }
        assertThat(lossOf(s, loss, image, labels, x, y)).isLessThan(first);

        Signature serving =
            Signature.builder()
                .key(Signature.DEFAULT_KEY)
                .input("image", image)
                .output("probabilities", probabilities)
                .build();
        Path dir = tmp.resolve("model");
        SavedModelBundle.exporter(dir.toString())
            .withFunction(SessionFunction.create(serving, s))
            .export();
        assertThat(dir.resolve("saved_model.pb")).isRegularFile();
        assertThat(dir.resolve("variables")).isDirectory();

        float[] expected = new float[3];
        try (Result r = s.runner().feed(image, x).fetch(probabilities).run()) {
          for (int k = 0; k < 3; k++) {
            expected[k] = ((TFloat32) r.get(0)).getFloat(1, k);
          }
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve");
            Result r = bundle.function(Signature.DEFAULT_KEY).call(Map.of("image", x))) {
          TFloat32 p = (TFloat32) r.get("probabilities").orElseThrow();
          assertThat(p.shape()).isEqualTo(Shape.of(4, 3));
          for (int k = 0; k < 3; k++) {
            assertThat(p.getFloat(1, k)).isCloseTo(expected[k], within(1e-5f));
          }
        }
        assertThat(Files.size(dir.resolve("saved_model.pb"))).isGreaterThan(1_000_000L);
      }
    }
  }

  private static float lossOf(
      Session s,
      org.tensorflow.Operand<TFloat32> loss,
      Placeholder<TFloat32> image,
      Placeholder<TFloat32> labels,
      TFloat32 x,
      TFloat32 y) {
    try (Result r = s.runner().feed(image, x).feed(labels, y).fetch(loss).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  private static TFloat32 pattern(int n, int size) {
    TFloat32 x = TFloat32.tensorOf(Shape.of(n, size, size, 3));
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < size; r++) {
        for (int c = 0; c < size; c++) {
          for (int ch = 0; ch < 3; ch++) {
            x.setFloat((float) ((r * (i + 1) * 7 + c * 3 + ch * 50) % 256), i, r, c, ch);
          }
        }
      }
    }
    return x;
  }
}
