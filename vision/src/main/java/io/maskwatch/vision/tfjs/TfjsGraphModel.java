package io.maskwatch.vision.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.maskwatch.vision.tfjs.TfjsModelJson.Node;
import io.maskwatch.vision.tfjs.TfjsWeights.Weight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A TF.js graph model ({@code model.json} + weight shards) that can be added into an existing
 * TensorFlow {@link org.tensorflow.Graph}, so an imported backbone sits between our own
 * preprocessing and head in one graph that trains and exports as one SavedModel.
 *
 * <p>Weights become {@code Const} nodes, or variables where the caller asks to fine-tune them. The
 * model's {@code Placeholder}s are not created: the caller binds each to an operand. Only the nodes
 * the requested outputs depend on are added. TF.js fused ops ({@code _FusedConv2D}, {@code
 * FusedDepthwiseConv2dNative}, {@code _FusedMatMul}) are split into standard ops (conv/matmul +
 * {@code BiasAdd} + activation): {@code FusedDepthwiseConv2dNative} exists only in TF.js, and the
 * standard ops have gradients.
 */
public final class TfjsGraphModel {

  private final Path modelJson;
  private final Map<String, Node> nodes;
  private final Map<String, Weight> weights;

  /** Resize node -> {height factor, width factor}; see {@link #withRelativeResizes()}. */
  private final Map<String, int[]> resizeFactors;

  private TfjsGraphModel(Path modelJson, Map<String, Node> nodes, Map<String, Weight> weights) {
    this(modelJson, nodes, weights, Map.of());
  }

  private TfjsGraphModel(
      Path modelJson,
      Map<String, Node> nodes,
      Map<String, Weight> weights,
      Map<String, int[]> resizeFactors) {
    this.modelJson = modelJson;
    this.nodes = nodes;
    this.weights = weights;
    this.resizeFactors = resizeFactors;
  }

  /**
   * This model with its fixed-size resizes made relative, so that a fully convolutional network
   * runs at input sizes other than the one it was converted at. The converter folds Keras' {@code
   * UpSampling2D} into a {@code ResizeBilinear} (or {@code ResizeNearestNeighbor}) whose output
   * size is a constant, right only for the declared input shape; here each such resize gets its
   * input's dynamic height and width times the factor it has at the declared shape instead.
   *
   * @throws IllegalStateException when the model has not exactly one placeholder with a fully
   *     declared shape (batch aside), or a resize's size is not a whole multiple of its input's
   */
  public TfjsGraphModel withRelativeResizes() {
    List<String> resizes = new ArrayList<>();
    for (Node n : nodes.values()) {
      if ((n.op().equals("ResizeBilinear") || n.op().equals("ResizeNearestNeighbor"))
          && n.inputs().size() == 2
          && weights.containsKey(nodeName(n.inputs().get(1)))) {
        resizes.add(n.name());
      }
    }
    if (resizes.isEmpty()) {
      return this;
    }
    List<String> ph = placeholders();
    if (ph.size() != 1) {
      throw new IllegalStateException(modelJson + " has placeholders " + ph + ", expected one");
    }
    long[] shape = placeholderShape(ph.get(0));
    shape[0] = 1;
    for (long d : shape) {
      if (d < 1) {
        throw new IllegalStateException(
            modelJson + " declares no full input shape: " + Arrays.toString(shape));
      }
    }
    Map<String, int[]> factors = new HashMap<>();
    try (Graph g = new Graph()) {
      Operand<TFloat32> in =
          Ops.create(g).placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
      Builder b = new Builder(g, "probe", Map.of(ph.get(0), in), name -> false);
      for (String r : resizes) {
        Node n = node(r);
        Shape image = b.resolve(n.inputs().get(0)).shape();
        int[] size = weights.get(nodeName(n.inputs().get(1))).ints();
        long h = image.size(1);
        long w = image.size(2);
        if (size.length != 2 || h < 1 || w < 1 || size[0] % h != 0 || size[1] % w != 0) {
          throw new IllegalStateException(
              "Resize '"
                  + r
                  + "' of "
                  + modelJson
                  + " to "
                  + Arrays.toString(size)
                  + " is not a whole multiple of its input "
                  + image);
        }
        factors.put(r, new int[] {(int) (size[0] / h), (int) (size[1] / w)});
      }
    }
    return new TfjsGraphModel(modelJson, nodes, weights, Map.copyOf(factors));
  }

  private static String nodeName(String ref) {
    String name = ref.startsWith("^") ? ref.substring(1) : ref;
    int colon = name.lastIndexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }

  /**
   * Reads {@code model.json} and its weight shards (resolved beside it) and simplifies the graph
   * for speed ({@link TfjsGraphSimplifier}: same results, fused CPU kernels).
   */
  public static TfjsGraphModel load(Path modelJson) throws IOException {
    return load(modelJson, true);
  }

  /** As {@link #load(Path)}; {@code simplify=false} keeps the graph exactly as converted. */
  public static TfjsGraphModel load(Path modelJson, boolean simplify) throws IOException {
    TfjsModelJson model = TfjsModelJson.read(modelJson);
    Path dir = modelJson.toAbsolutePath().getParent();
    Map<String, Weight> weights = TfjsWeights.read(dir, model);
    if (!simplify) {
      return new TfjsGraphModel(modelJson, model.nodes(), weights);
    }
    TfjsGraphSimplifier.Simplified s = TfjsGraphSimplifier.simplify(model.nodes(), weights);
    return new TfjsGraphModel(modelJson, s.nodes(), s.weights());
  }

  /** Names of the model's Placeholder nodes, in graph order. */
  public List<String> placeholders() {
    List<String> out = new ArrayList<>();
    nodes.values().stream()
        .filter(n -> n.op().equals("Placeholder"))
        .forEach(n -> out.add(n.name()));
    return out;
  }

  /** The declared shape of a placeholder; -1 marks an unknown dimension. */
  public long[] placeholderShape(String name) {
    Node n = node(name);
    JsonNode shape = n.attr().get("shape");
    if (shape == null || !shape.has("shape")) {
      throw new IllegalArgumentException("Placeholder '" + name + "' declares no shape");
    }
    return TfjsAttrs.shape(shape.get("shape")).getDimList().stream()
        .mapToLong(d -> d.getSize())
        .toArray();
  }

  /** The node's op type, e.g. to check that a layer name exists before building. */
  public String opOf(String nodeName) {
    return node(nodeName).op();
  }

  public boolean hasNode(String nodeName) {
    return nodes.containsKey(nodeName);
  }

  /**
   * Adds the nodes that {@code outputs} need to {@code graph}, each named {@code prefix/<node
   * name>}, with each model placeholder replaced by the operand bound to its name.
   *
   * @param outputs node names, optionally with {@code :index}
   * @return one output per requested name, in order
   */
  public List<Output<?>> addTo(
      Graph graph, String prefix, Map<String, Operand<?>> inputs, List<String> outputs) {
    return addTo(graph, prefix, inputs, outputs, name -> false);
  }

  /**
   * As {@link #addTo(Graph, String, Map, List)}, with the float weights whose node names {@code
   * trainable} accepts made variables (initialised to the pretrained values) instead of constants,
   * so an optimizer can fine-tune them. A variable's name is flat: {@code prefix} and the node name
   * with every character other than letters, digits and {@code _} turned into {@code _}.
   */
  public List<Output<?>> addTo(
      Graph graph,
      String prefix,
      Map<String, Operand<?>> inputs,
      List<String> outputs,
      Predicate<String> trainable) {
    Builder b = new Builder(graph, prefix, inputs, trainable);
    List<Output<?>> result = new ArrayList<>();
    for (String ref : outputs) {
      result.add(b.resolve(ref));
    }
    return result;
  }

  /** {@link #addTo(Graph, String, Map, List)} for a model with a single float placeholder. */
  public List<Output<?>> addTo(
      Graph graph, String prefix, Operand<TFloat32> input, List<String> outputs) {
    return addTo(graph, prefix, input, outputs, name -> false);
  }

  /** {@link #addTo(Graph, String, Map, List, Predicate)} for a single float placeholder. */
  public List<Output<?>> addTo(
      Graph graph,
      String prefix,
      Operand<TFloat32> input,
      List<String> outputs,
      Predicate<String> trainable) {
    List<String> ph = placeholders();
    if (ph.size() != 1) {
      throw new IllegalStateException(
          modelJson + " has placeholders " + ph + "; bind them by name");
    }
    return addTo(graph, prefix, Map.of(ph.get(0), input), outputs, trainable);
  }

  private Node node(String name) {
    Node n = nodes.get(name);
    if (n == null) {
      throw new IllegalArgumentException("No node '" + name + "' in " + modelJson);
    }
    return n;
  }

  /** Builds nodes on demand, memoising each by name. */
  private final class Builder {
    private final Graph graph;
    private final String prefix;
    private final Map<String, Operand<?>> inputs;
    private final Map<String, Operation> built = new HashMap<>();
    private final Predicate<String> trainable;

    Builder(
        Graph graph, String prefix, Map<String, Operand<?>> inputs, Predicate<String> trainable) {
      this.trainable = trainable;
      if (!prefix.matches("[A-Za-z0-9.][A-Za-z0-9_.\\-/]*")) {
        throw new IllegalArgumentException("Invalid name prefix '" + prefix + "'");
      }
      if (graph.operation(prefix + "/" + nodes.keySet().iterator().next()) != null) {
        throw new IllegalArgumentException("Graph already holds this model under '" + prefix + "'");
      }
      this.graph = graph;
      this.prefix = prefix;
      this.inputs = new LinkedHashMap<>(inputs);
      for (String name : inputs.keySet()) {
        if (!node(name).op().equals("Placeholder")) {
          throw new IllegalArgumentException("'" + name + "' is not a Placeholder of " + modelJson);
        }
      }
    }

    /**
     * Graph.opBuilder takes the full name as given; Scope.opBuilder would reject the model's
     * '/'-separated node names.
     */
    private OperationBuilder opBuilder(String type, String name) {
      return graph.opBuilder(type, prefix + "/" + name, graph.baseScope());
    }

    Output<?> resolve(String ref) {
      int colon = ref.lastIndexOf(':');
      String name = colon < 0 ? ref : ref.substring(0, colon);
      int index = colon < 0 ? 0 : Integer.parseInt(ref.substring(colon + 1));
      Node n = node(name);
      if (n.op().equals("Placeholder")) {
        Operand<?> bound = inputs.get(name);
        if (bound == null) {
          throw new IllegalArgumentException("Placeholder '" + name + "' is not bound to an input");
        }
        return bound.asOutput();
      }
      Operation op = built.get(name);
      if (op == null) {
        op = build(n);
        built.put(name, op);
      }
      return op.output(index);
    }

    private List<Output<?>> dataInputs(Node n) {
      List<Output<?>> out = new ArrayList<>();
      for (String in : n.inputs()) {
        // Control inputs order side effects; a frozen inference graph has none that matter.
        if (!in.startsWith("^")) {
          out.add(resolve(in));
        }
      }
      return out;
    }

    private Operation build(Node n) {
      switch (n.op()) {
        case "Const":
          return constant(n);
        case "_FusedConv2D":
          return fused(n, "Conv2D", CONV_ATTRS);
        case "FusedDepthwiseConv2dNative":
          return fused(n, "DepthwiseConv2dNative", CONV_ATTRS);
        case "_FusedMatMul":
          return fused(n, "MatMul", MATMUL_ATTRS);
        default:
          return plain(n);
      }
    }

    private Operation plain(Node n) {
      int[] factor = resizeFactors.get(n.name());
      if (factor != null) {
        return relativeResize(n, factor);
      }
      OperationBuilder op = opBuilder(n.op(), n.name());
      List<Output<?>> in = dataInputs(n);
      switch (n.op()) {
        case "Pack":
        case "AddN":
          // one list argument (values: N*T)
          op.addInputList(in.toArray(new Output<?>[0]));
          break;
        case "ConcatV2":
          // a list argument, then the axis
          op.addInputList(in.subList(0, in.size() - 1).toArray(new Output<?>[0]));
          op.addInput(in.get(in.size() - 1));
          break;
        default:
          for (Output<?> x : in) {
            op.addInput(x);
          }
      }
      n.attr()
          .forEach(
              (k, v) -> {
                // "_"-prefixed attrs are converter/grappler bookkeeping, not part of the op.
                if (!k.startsWith("_")) {
                  op.setAttr(k, TfjsAttrs.toAttrValue(k, v));
                }
              });
      return build(op, n);
    }

    /** The resize with size = its input's dynamic [height, width] times {@code factor}. */
    private Operation relativeResize(Node n, int[] factor) {
      Output<?> image = resolve(n.inputs().get(0));
      String base = n.name() + "/relative";
      Output<?> shape =
          build(
                  opBuilder("Shape", base + "/shape")
                      .addInput(image)
                      .setAttr("out_type", DataType.DT_INT32),
                  n)
              .output(0);
      Output<?> hw =
          build(
                  opBuilder("StridedSlice", base + "/hw")
                      .addInput(shape)
                      .addInput(intConstant(base + "/begin", new int[] {1}, n))
                      .addInput(intConstant(base + "/end", new int[] {3}, n))
                      .addInput(intConstant(base + "/strides", new int[] {1}, n)),
                  n)
              .output(0);
      Output<?> size =
          build(
                  opBuilder("Mul", base + "/size")
                      .addInput(hw)
                      .addInput(intConstant(base + "/factor", factor, n)),
                  n)
              .output(0);
      OperationBuilder op = opBuilder(n.op(), n.name()).addInput(image).addInput(size);
      n.attr()
          .forEach(
              (k, v) -> {
                if (!k.startsWith("_")) {
                  op.setAttr(k, TfjsAttrs.toAttrValue(k, v));
                }
              });
      return build(op, n);
    }

    private Output<?> intConstant(String name, int[] values, Node n) {
      try (Tensor t =
          TInt32.tensorOf(Shape.of(values.length), DataBuffers.of(values, true, false))) {
        return build(
                opBuilder("Const", name).setAttr("value", t).setAttr("dtype", DataType.DT_INT32), n)
            .output(0);
      }
    }

    private Operation constant(Node n) {
      Weight w = weights.get(n.name());
      OperationBuilder op = opBuilder("Const", n.name());
      if (w == null) {
        JsonNode value = n.attr().get("value");
        if (value == null) {
          throw new IllegalArgumentException("Const '" + n.name() + "' has no weight and no value");
        }
        op.setAttr("value", TfjsAttrs.toAttrValue("value", value));
        op.setAttr("dtype", TfjsAttrs.toAttrValue("dtype", n.attr().get("dtype")));
        return build(op, n);
      }
      Shape shape = Shape.of(w.spec().shape());
      if (w.isFloat() && trainable.test(n.name())) {
        Ops tf = Ops.create(graph);
        String flat = (prefix + "_" + n.name()).replaceAll("[^A-Za-z0-9_]", "_");
        return tf.withName(flat)
            .variable(tf.constant(shape, DataBuffers.of(w.floats(), true, false)))
            .op();
      }
      try (Tensor t =
          w.isFloat()
              ? TFloat32.tensorOf(shape, DataBuffers.of(w.floats(), true, false))
              : TInt32.tensorOf(shape, DataBuffers.of(w.ints(), true, false))) {
        op.setAttr("value", t);
        op.setAttr("dtype", w.isFloat() ? DataType.DT_FLOAT : DataType.DT_INT32);
        return build(op, n);
      }
    }

    /**
     * TF.js fused op = base op on inputs[0..1], then for each of fused_ops: BiasAdd (inputs[2]),
     * Relu, Relu6, Elu, Sigmoid, Tanh, LeakyRelu ({@code leakyrelu_alpha}) or Prelu (inputs[3]).
     */
    private Operation fused(Node n, String baseOp, List<String> baseAttrs) {
      List<Output<?>> in = dataInputs(n);
      List<String> fusedOps = new ArrayList<>();
      JsonNode list = n.attr().get("fused_ops");
      if (list != null) {
        list.path("list")
            .path("s")
            .forEach(s -> fusedOps.add(new String(Base64.getDecoder().decode(s.asText()))));
      }
      boolean last = fusedOps.isEmpty();
      OperationBuilder base = opBuilder(baseOp, last ? n.name() : n.name() + "/" + baseOp);
      base.addInput(in.get(0)).addInput(in.get(1));
      for (String k : baseAttrs) {
        JsonNode v = n.attr().get(k);
        if (v != null) {
          base.setAttr(k, TfjsAttrs.toAttrValue(k, v));
        }
      }
      Operation current = build(base, n);
      int extra = 2;
      for (int i = 0; i < fusedOps.size(); i++) {
        String f = fusedOps.get(i);
        String name = i == fusedOps.size() - 1 ? n.name() : n.name() + "/" + f;
        current = fusedStep(n, f, name, current.output(0), in, extra);
        if (f.equals("BiasAdd") || f.equals("Prelu")) {
          extra++;
        }
      }
      return current;
    }

    private Operation fusedStep(
        Node n, String f, String name, Output<?> x, List<Output<?>> in, int extra) {
      switch (f) {
        case "BiasAdd":
          {
            OperationBuilder op = opBuilder("BiasAdd", name).addInput(x);
            op.addInput(in.get(extra));
            JsonNode df = n.attr().get("data_format");
            if (df != null) {
              op.setAttr("data_format", TfjsAttrs.toAttrValue("data_format", df));
            }
            return build(op, n);
          }
        case "Relu":
        case "Relu6":
        case "Elu":
        case "Sigmoid":
        case "Tanh":
          return build(opBuilder(f, name).addInput(x), n);
        case "LeakyRelu":
          {
            JsonNode alpha = n.attr().get("leakyrelu_alpha");
            OperationBuilder op = opBuilder("LeakyRelu", name).addInput(x);
            if (alpha != null) {
              op.setAttr("alpha", TfjsAttrs.toAttrValue("alpha", alpha));
            }
            return build(op, n);
          }
        case "Prelu":
          {
            // prelu(x) = relu(x) - alpha * relu(-x)
            Output<?> pos = build(opBuilder("Relu", name + "/pos").addInput(x), n).output(0);
            Output<?> negX = build(opBuilder("Neg", name + "/neg").addInput(x), n).output(0);
            Output<?> neg = build(opBuilder("Relu", name + "/negrelu").addInput(negX), n).output(0);
            Output<?> scaled =
                build(opBuilder("Mul", name + "/scaled").addInput(in.get(extra)).addInput(neg), n)
                    .output(0);
            return build(opBuilder("Sub", name).addInput(pos).addInput(scaled), n);
          }
        default:
          throw new UnsupportedOperationException(
              "Node '" + n.name() + "' (" + n.op() + ") fuses unsupported op " + f);
      }
    }

    private Operation build(OperationBuilder op, Node n) {
      try {
        return op.build();
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "TensorFlow rejected node '"
                + n.name()
                + "' ("
                + n.op()
                + ") of "
                + modelJson
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  private static final List<String> CONV_ATTRS =
      List.of("strides", "padding", "explicit_paddings", "data_format", "dilations");
  private static final List<String> MATMUL_ATTRS = List.of("transpose_a", "transpose_b");
}
