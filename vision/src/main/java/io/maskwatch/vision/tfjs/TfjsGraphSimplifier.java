package io.maskwatch.vision.tfjs;

import io.maskwatch.vision.tfjs.TfjsModelJson.Node;
import io.maskwatch.vision.tfjs.TfjsModelJson.WeightSpec;
import io.maskwatch.vision.tfjs.TfjsWeights.Weight;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites Keras-converted patterns into the ops TensorFlow's CPU kernels fuse, without changing
 * what the graph computes (up to float rounding): a per-channel {@code Mul} by a constant right
 * after a convolution is folded into the kernel (batch-norm scale), an {@code Add} of a per-channel
 * constant after a convolution becomes {@code BiasAdd}, and {@code Maximum(Minimum(Relu(x), 6), 0)}
 * (Keras ReLU6) becomes {@code Relu6(x)}. Grappler then fuses conv + BiasAdd + Relu6 into one
 * kernel instead of five passes over the activations. The last node of each pattern keeps its name,
 * so layer names stay valid.
 */
final class TfjsGraphSimplifier {

  record Simplified(Map<String, Node> nodes, Map<String, Weight> weights) {}

  private final Map<String, Node> nodes;
  private final Map<String, Weight> weights;
  private final Map<String, Integer> consumers = new HashMap<>();

  private TfjsGraphSimplifier(Map<String, Node> nodes, Map<String, Weight> weights) {
    this.nodes = new LinkedHashMap<>(nodes);
    this.weights = new LinkedHashMap<>(weights);
    for (Node n : nodes.values()) {
      for (String in : n.inputs()) {
        consumers.merge(base(in), 1, Integer::sum);
      }
    }
  }

  static Simplified simplify(Map<String, Node> nodes, Map<String, Weight> weights) {
    TfjsGraphSimplifier s = new TfjsGraphSimplifier(nodes, weights);
    for (String name : List.copyOf(s.nodes.keySet())) {
      s.foldScale(name);
    }
    for (String name : List.copyOf(s.nodes.keySet())) {
      s.biasAdd(name);
      s.relu6(name);
    }
    return new Simplified(s.nodes, s.weights);
  }

  /** {@code Mul(conv(x, w), s)} with s per output channel: {@code conv(x, w * s)}. */
  private void foldScale(String name) {
    Node mul = nodes.get(name);
    if (mul == null || !mul.op().equals("Mul") || mul.inputs().size() != 2) {
      return;
    }
    for (int side = 0; side < 2; side++) {
      Node conv = nodes.get(mul.inputs().get(side));
      Weight scale = constant(mul.inputs().get(1 - side));
      if (conv == null
          || scale == null
          || !scale.isFloat()
          || !(conv.op().equals("Conv2D") || conv.op().equals("DepthwiseConv2dNative"))
          || consumers.getOrDefault(conv.name(), 0) != 1
          || consumers.getOrDefault(scale.spec().name(), 0) != 1) {
        continue;
      }
      Weight kernel = constant(conv.inputs().get(1));
      if (kernel == null
          || !kernel.isFloat()
          || kernel.spec().shape().length != 4
          || scale.spec().shape().length != 1) {
        continue;
      }
      long[] k = kernel.spec().shape();
      long outChannels = conv.op().equals("Conv2D") ? k[3] : k[2] * k[3];
      if (scale.spec().shape()[0] != outChannels
          || consumers.getOrDefault(kernel.spec().name(), 0) != 1) {
        continue;
      }
      float[] folded = kernel.floats().clone();
      for (int i = 0; i < folded.length; i++) {
        // Kernel [h, w, in, out] (Conv2D) or [h, w, in, multiplier] (depthwise, output channel
        // in * multiplier + m): either way the output channel is the flat index mod outChannels.
        folded[i] *= scale.floats()[(int) (i % outChannels)];
      }
      String foldedName = conv.name() + "/folded_kernel";
      weights.put(
          foldedName, new Weight(new WeightSpec(foldedName, k, "float32", null), folded, null));
      nodes.put(foldedName, new Node(foldedName, "Const", List.of(), Map.of()));
      nodes.put(
          name, new Node(name, conv.op(), List.of(conv.inputs().get(0), foldedName), conv.attr()));
      nodes.remove(conv.name());
      return;
    }
  }

  /** {@code Add(conv, b)} with b a per-channel constant: {@code BiasAdd(conv, b)}. */
  private void biasAdd(String name) {
    Node add = nodes.get(name);
    if (add == null
        || !(add.op().equals("Add") || add.op().equals("AddV2"))
        || add.inputs().size() != 2) {
      return;
    }
    Node conv = nodes.get(base(add.inputs().get(0)));
    Weight bias = constant(add.inputs().get(1));
    if (conv == null
        || bias == null
        || bias.spec().shape().length != 1
        || !List.of("Conv2D", "DepthwiseConv2dNative", "MatMul").contains(conv.op())) {
      return;
    }
    nodes.put(name, new Node(name, "BiasAdd", add.inputs(), Map.of()));
  }

  /** {@code Maximum(Minimum(Relu(x), 6), 0)}: {@code Relu6(x)}. */
  private void relu6(String name) {
    Node max = nodes.get(name);
    if (max == null || !max.op().equals("Maximum") || max.inputs().size() != 2) {
      return;
    }
    Node min = nodes.get(max.inputs().get(0));
    if (min == null
        || !min.op().equals("Minimum")
        || min.inputs().size() != 2
        || !isScalar(max.inputs().get(1), 0f)
        || !isScalar(min.inputs().get(1), 6f)
        || consumers.getOrDefault(min.name(), 0) != 1) {
      return;
    }
    String x = min.inputs().get(0);
    Node relu = nodes.get(x);
    if (relu != null && relu.op().equals("Relu") && consumers.getOrDefault(relu.name(), 0) == 1) {
      x = relu.inputs().get(0);
    }
    nodes.put(name, new Node(name, "Relu6", List.of(x), Map.of()));
  }

  private boolean isScalar(String ref, float value) {
    Weight w = constant(ref);
    return w != null && w.isFloat() && w.floats().length == 1 && w.floats()[0] == value;
  }

  private Weight constant(String ref) {
    Node n = nodes.get(base(ref));
    return n != null && n.op().equals("Const") ? weights.get(n.name()) : null;
  }

  private static String base(String ref) {
    String r = ref.startsWith("^") ? ref.substring(1) : ref;
    int colon = r.lastIndexOf(':');
    return colon < 0 ? r : r.substring(0, colon);
  }
}
