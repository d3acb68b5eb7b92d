package io.maskwatch.trainer.backbone;

import io.maskwatch.trainer.backbone.Backbone.FeatureLayer;
import io.maskwatch.trainer.backbone.Backbone.Features;
import io.maskwatch.vision.tfjs.TensorFlowRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A graph of one RGB 0..255 input ({@code image}, [N,S,S,3]) feeding several backbones' features,
 * run in a single-threaded session. Used to extract features in bulk and to time them.
 */
public final class FeatureGraph implements AutoCloseable {

  /**
   * Which backbone and which of its layers; {@code size} is the backbone's run size. {@code
   * lowerFraction} below 1 feeds only the lower part of the face (that share of the rows), scaled
   * to size x size: the mask region at a higher resolution for the same cost.
   */
  public record Request(
      HumanBackbone backbone, int size, List<FeatureLayer> layers, double lowerFraction) {
    public Request(HumanBackbone backbone, int size, List<FeatureLayer> layers) {
      this(backbone, size, layers, 1.0);
    }

    public String key(FeatureLayer layer) {
      return prefix().replace('_', '@').replaceFirst("@lower", "-lower") + "/" + layer.opName();
    }

    String prefix() {
      String p = backbone.modelName() + "_" + size;
      return lowerFraction < 1 ? p + "_lower" + Math.round(lowerFraction * 100) : p;
    }
  }

  private final int inputSize;
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final Map<String, Features> features = new LinkedHashMap<>();

  public FeatureGraph(int inputSize, List<Request> requests, Map<HumanBackbone, Backbone> loaded) {
    this.inputSize = inputSize;
    try {
      Ops tf = Ops.create(graph);
      input =
          tf.withName("image")
              .placeholder(
                  TFloat32.class, Placeholder.shape(Shape.of(-1, inputSize, inputSize, 3)));
      for (Request r : requests) {
        Backbone b = loaded.get(r.backbone());
        Operand<TFloat32> x = input;
        if (r.lowerFraction() < 1) {
          int top = (int) Math.round(inputSize * (1 - r.lowerFraction()));
          x =
              tf.withSubScope(r.prefix() + "_crop")
                  .slice(
                      input,
                      tf.constant(new int[] {0, top, 0, 0}),
                      tf.constant(new int[] {-1, -1, -1, -1}));
        }
        List<Features> fs = b.addTo(graph, r.prefix(), x, r.size(), r.layers());
        for (int i = 0; i < fs.size(); i++) {
          features.put(r.key(r.layers().get(i)), fs.get(i));
        }
      }
      session = new Session(graph, TensorFlowRuntime.singleThread());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  public int inputSize() {
    return inputSize;
  }

  /** Feature keys ({@code backbone@size/layer_pooling}) in the order {@link #run} returns them. */
  public List<String> keys() {
    return List.copyOf(features.keySet());
  }

  public int dim(String key) {
    return features.get(key).dim();
  }

  /**
   * Runs a batch of {@code n} images, given as RGB 0..255 floats in NHWC order, and returns, per
   * key, an [n][dim] matrix.
   */
  public List<float[][]> run(float[] pixels, int n) {
    return run(pixels, n, keys());
  }

  /** As {@link #run(float[], int)}, fetching only {@code keys}. */
  public List<float[][]> run(float[] pixels, int n, List<String> keys) {
    long per = (long) inputSize * inputSize * 3;
    if (pixels.length < per * n) {
      throw new IllegalArgumentException("Pixel buffer holds fewer than " + n + " images");
    }
    try (TFloat32 x =
        TFloat32.tensorOf(
            Shape.of(n, inputSize, inputSize, 3),
            DataBuffers.of(pixels, true, false).narrow(per * n))) {
      Session.Runner runner = session.runner().feed(input, x);
      for (String k : keys) {
        runner.fetch(features.get(k).output());
      }
      List<float[][]> out = new ArrayList<>();
      try (Result result = runner.run()) {
        for (int i = 0; i < keys.size(); i++) {
          TFloat32 t = (TFloat32) result.get(i);
          int d = (int) t.shape().size(1);
          float[] flat = new float[n * d];
          t.copyTo(DataBuffers.of(flat, false, false));
          float[][] m = new float[n][];
          for (int r = 0; r < n; r++) {
            m[r] = java.util.Arrays.copyOfRange(flat, r * d, (r + 1) * d);
          }
          out.add(m);
        }
      }
      return out;
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
