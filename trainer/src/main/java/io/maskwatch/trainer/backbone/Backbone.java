package io.maskwatch.trainer.backbone;

import io.maskwatch.vision.tfjs.TfjsGraphModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Slice;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * A pretrained face network ready to be added into a graph as a feature extractor: our RGB 0..255
 * input in, a [N, dim] float feature out, all conversion (resize, normalisation, pooling) inside
 * the graph.
 */
public final class Backbone {

  /** The feature output and its width; {@code output} is named {@code <prefix>_features/output}. */
  public record Features(Output<TFloat32> output, int dim) {}

  private final HumanBackbone spec;
  private final TfjsGraphModel model;

  private Backbone(HumanBackbone spec, TfjsGraphModel model) {
    this.spec = spec;
    this.model = model;
  }

  /** Loads {@code <modelsDir>/<modelName>.json} and its weights. */
  public static Backbone load(HumanBackbone spec, Path modelsDir) throws IOException {
    Path json = modelsDir.resolve(spec.modelName() + ".json");
    if (!Files.isRegularFile(json)) {
      throw new IOException("Backbone model " + json + " not found (see HumanModels.ensure())");
    }
    return new Backbone(spec, TfjsGraphModel.load(json));
  }

  public HumanBackbone spec() {
    return spec;
  }

  /**
   * Adds the backbone to {@code graph}.
   *
   * @param prefix a plain name (letters, digits, {@code _ . -}); the model's nodes go under {@code
   *     prefix/}, our own ops under {@code prefix_input/} and {@code prefix_features/}
   * @param rgb255 float [N,S,S,3] RGB 0..255 with a static S
   * @param size the square size the backbone runs at: its {@link HumanBackbone#inputSize()}, or any
   *     size for a {@link HumanBackbone#flexibleSize()} one; the input is resized (bilinear, half
   *     pixel centres) when S differs
   * @param layer a key of {@link HumanBackbone#layers()}
   */
  public Features addTo(
      Graph graph,
      String prefix,
      Operand<TFloat32> rgb255,
      int size,
      String layer,
      Pooling pooling) {
    return addTo(graph, prefix, rgb255, size, layer, pooling, List.of());
  }

  /**
   * As {@link #addTo(Graph, String, Operand, int, String, Pooling)}, with the weights of the named
   * layers trainable: Keras layer names such as {@code conv_pw_11}, each taking the weights of its
   * nodes ({@code conv_pw_11/...}) and of its folded batch norm ({@code conv_pw_11_bn/...}).
   */
  public Features addTo(
      Graph graph,
      String prefix,
      Operand<TFloat32> rgb255,
      int size,
      String layer,
      Pooling pooling,
      List<String> trainableLayers) {
    return build(
            graph,
            prefix,
            rgb255,
            size,
            List.of(new FeatureLayer(layer, pooling)),
            true,
            trainableLayers)
        .get(0);
  }

  /** One feature to take: a layer of {@link HumanBackbone#layers()} and how to pool it. */
  public record FeatureLayer(String layer, Pooling pooling) {
    /** Name of the feature's output op inside {@code <prefix>_features/}. */
    public String opName() {
      return layer + "_" + pooling.name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * As {@link #addTo(Graph, String, Operand, int, String, Pooling)} for several layers sharing one
   * copy of the network; feature {@code i} is named {@code <prefix>_features/<layers[i].opName()>}.
   */
  public List<Features> addTo(
      Graph graph, String prefix, Operand<TFloat32> rgb255, int size, List<FeatureLayer> layers) {
    return build(graph, prefix, rgb255, size, layers, false, List.of());
  }

  private List<Features> build(
      Graph graph,
      String prefix,
      Operand<TFloat32> rgb255,
      int size,
      List<FeatureLayer> layers,
      boolean single,
      List<String> trainableLayers) {
    if (!spec.flexibleSize() && size != spec.inputSize()) {
      throw new IllegalArgumentException(
          spec.modelName() + " runs only at " + spec.inputSize() + " px, not " + size);
    }
    Shape in = rgb255.shape();
    if (in.numDimensions() != 4 || in.size(3) != 3 || in.size(1) < 0 || in.size(2) < 0) {
      throw new IllegalArgumentException("Expected a [N,H,W,3] input with static H, W, got " + in);
    }
    Ops pre = Ops.create(graph).withSubScope(prefix + "_input");
    Operand<TFloat32> x = rgb255;
    if (in.size(1) != size || in.size(2) != size) {
      x =
          pre.image.resizeBilinear(
              x, pre.constant(new int[] {size, size}), ResizeBilinear.halfPixelCenters(true));
    }
    x = normalise(pre, x);
    List<String> nodes = layers.stream().map(l -> spec.layerNode(l.layer())).toList();
    List<Output<?>> raw =
        model.addTo(
            graph,
            prefix,
            x,
            nodes,
            node ->
                trainableLayers.stream()
                    .anyMatch(l -> node.startsWith(l + "/") || node.startsWith(l + "_bn/")));
    Ops post = Ops.create(graph).withSubScope(prefix + "_features");
    List<Features> result = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      FeatureLayer l = layers.get(i);
      Operand<TFloat32> f = pool(post, raw.get(i).expect(TFloat32.class), l.pooling());
      Output<TFloat32> out = post.withName(single ? "output" : l.opName()).identity(f).asOutput();
      long dim = out.shape().numDimensions() == 2 ? out.shape().size(1) : -1;
      if (dim <= 0) {
        throw new IllegalStateException(
            "Feature " + l + " of " + spec.modelName() + " has shape " + out.shape());
      }
      result.add(new Features(out, (int) dim));
    }
    return result;
  }

  private Operand<TFloat32> normalise(Ops tf, Operand<TFloat32> x) {
    switch (spec.norm()) {
      case RGB_0_255:
        return x;
      case RGB_0_1:
        return tf.math.mul(x, tf.constant(1f / 255f));
      case RGB_MINUS1_1:
        return tf.math.sub(tf.math.mul(x, tf.constant(1f / 127.5f)), tf.constant(1f));
      case GRAY_MINUS1_1:
        {
          Operand<TFloat32> weights =
              tf.constant(new float[] {0.2989f / 127.5f, 0.5870f / 127.5f, 0.1140f / 127.5f});
          Operand<TFloat32> luma =
              tf.reduceSum(
                  tf.math.mul(x, weights),
                  tf.constant(new int[] {3}),
                  org.tensorflow.op.core.ReduceSum.keepDims(true));
          return tf.math.sub(luma, tf.constant(1f));
        }
      default:
        throw new IllegalStateException("Unhandled " + spec.norm());
    }
  }

  private static Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x, Pooling pooling) {
    Shape s = x.shape();
    if (s.numDimensions() == 2) {
      return x;
    }
    if (s.numDimensions() != 4) {
      throw new IllegalStateException("Cannot pool a feature of shape " + s);
    }
    Operand<TFloat32> avg = tf.math.mean(x, tf.constant(new int[] {1, 2}), Mean.keepDims(false));
    switch (pooling) {
      case AVG:
        return avg;
      case AVG_LOWER:
        {
          int half = (int) (s.size(1) / 2);
          Slice<TFloat32> lower =
              tf.slice(
                  x,
                  tf.constant(new int[] {0, half, 0, 0}),
                  tf.constant(new int[] {-1, -1, -1, -1}));
          Operand<TFloat32> lowerAvg =
              tf.math.mean(lower, tf.constant(new int[] {1, 2}), Mean.keepDims(false));
          return tf.concat(List.of(avg, lowerAvg), tf.constant(1));
        }
      case FLATTEN:
        return tf.reshape(x, tf.constant(new long[] {-1, s.size(1) * s.size(2) * s.size(3)}));
      default:
        throw new IllegalStateException("Unhandled " + pooling);
    }
  }
}
