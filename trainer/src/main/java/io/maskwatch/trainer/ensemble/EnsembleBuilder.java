package io.maskwatch.trainer.ensemble;

import ai.djl.engine.Engine;
import com.google.protobuf.ByteString;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.model.InvalidModelException;
import io.maskwatch.vision.model.ModelContract;
import io.maskwatch.vision.model.ModelDigest;
import io.maskwatch.vision.model.ModelMetadata;
import io.maskwatch.vision.model.SavedModelWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * Averages the probabilities of several exported classifiers in ONE SavedModel with the ordinary
 * {@link ModelContract} ({@code image} [-1,S,S,3] RGB 0..255 → {@code probabilities}), so
 * mask-service and DJL load it unchanged.
 *
 * <p>Each member's inference subgraph (from its {@code image} input to its {@code probabilities}
 * output) is copied under its own name scope ({@code m0/}, {@code m1/}, ...) with its variables
 * frozen to constants. S is the largest member input; a member with a smaller input gets the image
 * resized inside the graph (area averaging when shrinking, bilinear when enlarging, as the serving
 * translator resizes crops). With {@code flip}, every member also sees the mirrored image and its
 * two answers are averaged too (horizontal-flip test-time augmentation). All members weigh the
 * same.
 */
public final class EnsembleBuilder {

  /** The architecture name written into the metadata. */
  public static final String ARCHITECTURE = "ensemble";

  private static final String SCOPE = "ensemble/";
  private static final String WEIGHTS = SCOPE + "member_weights";
  private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable");

  /**
   * @param members exported classifier directories (each following {@link ModelContract}); all must
   *     name the same labels in the same order
   * @param flip also average each member's answer on the horizontally mirrored image
   */
  public record Spec(List<Path> members, boolean flip, String name, String version) {
    public Spec {
      if (members == null || members.size() < 1) {
        throw new IllegalArgumentException("an ensemble needs at least one member");
      }
      if (members.size() == 1 && !flip) {
        throw new IllegalArgumentException(
            "one member without --flip is the member itself; give two or more, or --flip");
      }
      members = List.copyOf(members);
    }
  }

  /** What was written: the metadata (members included) and the SavedModel digest. */
  public record Built(Path dir, ModelMetadata metadata, String sha256) {}

  private EnsembleBuilder() {}

  /**
   * Writes the ensemble to {@code out} (absent or empty).
   *
   * @throws InvalidModelException when a member is not a valid classifier directory, the members
   *     disagree on their labels, or a member's graph holds something that cannot be frozen
   */
  public static Built build(Spec spec, Path out) {
    Engine.getEngine("TensorFlow");
    List<ModelMetadata> metas = new ArrayList<>();
    for (Path member : spec.members()) {
      ModelContract.requireComplete(member);
      metas.add(ModelMetadata.read(member));
    }
    List<MaskLabel> labels = metas.get(0).labels();
    for (int i = 1; i < metas.size(); i++) {
      if (!metas.get(i).labels().equals(labels)) {
        throw new InvalidModelException(
            "members disagree on their labels: "
                + spec.members().get(0)
                + " has "
                + labels
                + ", "
                + spec.members().get(i)
                + " has "
                + metas.get(i).labels());
      }
    }
    int size = metas.stream().mapToInt(ModelMetadata::inputSize).max().orElseThrow();
    int classes = labels.size();

    GraphDef.Builder def = GraphDef.newBuilder();
    def.addNode(
        node(ModelContract.INPUT_KEY, "Placeholder")
            .putAttr("dtype", type(DataType.DT_FLOAT))
            .putAttr("shape", shapeAttr(-1, size, size, 3)));
    String batch = ModelContract.INPUT_KEY;
    if (spec.flip()) {
      // [N,S,S,3] -> [2N,S,S,3]: the images, then the same images mirrored left to right.
      def.addNode(intConst(SCOPE + "width_axis", new int[] {2}, 1));
      def.addNode(
          node(SCOPE + "mirrored", "ReverseV2", ModelContract.INPUT_KEY, SCOPE + "width_axis")
              .putAttr("T", type(DataType.DT_FLOAT))
              .putAttr("Tidx", type(DataType.DT_INT32)));
      def.addNode(intConst(SCOPE + "batch_axis", new int[] {0}, 0));
      def.addNode(
          node(
                  SCOPE + "with_mirrored",
                  "ConcatV2",
                  ModelContract.INPUT_KEY,
                  SCOPE + "mirrored",
                  SCOPE + "batch_axis")
              .putAttr("N", AttrValue.newBuilder().setI(2).build())
              .putAttr("T", type(DataType.DT_FLOAT))
              .putAttr("Tidx", type(DataType.DT_INT32)));
      batch = SCOPE + "with_mirrored";
    }

    List<String> memberOutputs = new ArrayList<>();
    List<Map<String, Object>> described = new ArrayList<>();
    for (int i = 0; i < spec.members().size(); i++) {
      String prefix = "m" + i + "/";
      Path dir = spec.members().get(i);
      ModelMetadata meta = metas.get(i);
      memberOutputs.add(addMember(def, dir, meta.inputSize(), size, prefix, batch));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("scope", prefix.substring(0, prefix.length() - 1));
      m.put("dir", dir.toAbsolutePath().normalize().toString());
      m.put("name", meta.name());
      m.put("version", meta.version());
      m.put("architecture", meta.architecture());
      m.put("inputSize", meta.inputSize());
      m.put("sha256", ModelDigest.sha256(dir));
      m.put("created", meta.created().toString());
      Object seed = meta.details().get("seed");
      if (seed != null) {
        m.put("seed", seed);
      }
      described.add(m);
    }

    // [k, B, C]; with flip B = 2N, split into [k, 2, N, C] and averaged over the mirror axis.
    int k = memberOutputs.size();
    NodeDef.Builder stack = node(SCOPE + "stacked", "Pack");
    memberOutputs.forEach(stack::addInput);
    def.addNode(
        stack
            .putAttr("N", AttrValue.newBuilder().setI(k).build())
            .putAttr("T", type(DataType.DT_FLOAT))
            .putAttr("axis", AttrValue.newBuilder().setI(0).build()));
    String perMember = SCOPE + "stacked";
    if (spec.flip()) {
      def.addNode(intConst(SCOPE + "split_shape", new int[] {k, 2, -1, classes}, 1));
      def.addNode(
          node(SCOPE + "split_mirrored", "Reshape", SCOPE + "stacked", SCOPE + "split_shape")
              .putAttr("T", type(DataType.DT_FLOAT))
              .putAttr("Tshape", type(DataType.DT_INT32)));
      def.addNode(intConst(SCOPE + "mirror_axis", new int[] {1}, 0));
      def.addNode(
          node(SCOPE + "mirror_mean", "Mean", SCOPE + "split_mirrored", SCOPE + "mirror_axis")
              .putAttr("T", type(DataType.DT_FLOAT))
              .putAttr("Tidx", type(DataType.DT_INT32))
              .putAttr("keep_dims", AttrValue.newBuilder().setB(false).build()));
      perMember = SCOPE + "mirror_mean";
    }
    // The members' weights are the graph's one variable ([k,1,1], each 1/k): a SavedModel
    // without variables has an empty variables/ folder, which git does not keep.
    addWeights(def, k);
    def.addNode(
        node(SCOPE + "weighted", "Mul", perMember, WEIGHTS + "/read")
            .putAttr("T", type(DataType.DT_FLOAT)));
    def.addNode(intConst(SCOPE + "member_axis", new int[] {0}, 0));
    def.addNode(
        node(ModelContract.OUTPUT_KEY, "Sum", SCOPE + "weighted", SCOPE + "member_axis")
            .putAttr("T", type(DataType.DT_FLOAT))
            .putAttr("Tidx", type(DataType.DT_INT32))
            .putAttr("keep_dims", AttrValue.newBuilder().setB(false).build()));

    Map<String, Object> details = new LinkedHashMap<>();
    details.put("members", described);
    details.put("flip", spec.flip());
    details.put(
        "combination",
        "mean of the members' probabilities"
            + (spec.flip() ? ", each on the image and its mirror" : ""));
    ModelMetadata metadata =
        new ModelMetadata(
            spec.name(), spec.version(), labels, size, ARCHITECTURE, Instant.now(), details);
    try (Graph graph = new Graph()) {
      graph.importGraphDef(def.build());
      try (Session session = new Session(graph)) {
        session.run(WEIGHTS + "/assign");
        String sha =
            SavedModelWriter.export(
                session,
                graph.operationOrThrow(ModelContract.INPUT_KEY).<TFloat32>output(0),
                graph.operationOrThrow(ModelContract.OUTPUT_KEY).<TFloat32>output(0),
                metadata,
                out);
        return new Built(out, metadata, sha);
      }
    }
  }

  /**
   * Copies one member's inference subgraph into {@code def} under {@code prefix}, its input fed
   * from {@code batch} (resized to the member's input size), its variables frozen.
   *
   * @return the member's output tensor name in {@code def}
   */
  private static String addMember(
      GraphDef.Builder def, Path dir, int memberSize, int size, String prefix, String batch) {
    try (SavedModelBundle bundle =
        SavedModelBundle.loader(dir.toString()).withTags(ModelContract.TAG).load()) {
      SignatureDef signature =
          bundle.metaGraphDef().getSignatureDefMap().get(ModelContract.SIGNATURE_KEY);
      if (signature == null
          || !signature.getInputsMap().containsKey(ModelContract.INPUT_KEY)
          || !signature.getOutputsMap().containsKey(ModelContract.OUTPUT_KEY)) {
        throw new InvalidModelException(
            dir + " has no signature '" + ModelContract.SIGNATURE_KEY + "' image -> probabilities");
      }
      String input = nodeName(signature.getInputsMap().get(ModelContract.INPUT_KEY).getName());
      String output = signature.getOutputsMap().get(ModelContract.OUTPUT_KEY).getName();
      GraphDef graph = bundle.graph().toGraphDef();
      Map<String, NodeDef> byName = new HashMap<>();
      for (NodeDef n : graph.getNodeList()) {
        byName.put(n.getName(), n);
      }
      Set<String> needed = ancestors(byName, nodeName(output), dir);
      if (!needed.contains(input)) {
        throw new InvalidModelException(dir + ": probabilities do not depend on the image input");
      }
      for (NodeDef n : graph.getNodeList()) {
        if (!needed.contains(n.getName())) {
          continue;
        }
        if (n.getName().equals(input)) {
          addResize(def, prefix, input, batch, memberSize, size);
        } else if (VARIABLE_OPS.contains(n.getOp())) {
          def.addNode(frozen(bundle.session(), n, prefix));
        } else if (n.getOp().startsWith("Placeholder")
                && !n.getOp().equals("PlaceholderWithDefault")
            || n.getOp().equals("VarHandleOp")) {
          throw new InvalidModelException(
              dir
                  + ": the output depends on "
                  + n.getOp()
                  + " '"
                  + n.getName()
                  + "', which an ensemble cannot feed or freeze");
        } else {
          NodeDef.Builder copy = n.toBuilder().setName(prefix + n.getName()).clearInput();
          copy.clearDevice();
          for (String in : n.getInputList()) {
            copy.addInput(in.startsWith("^") ? "^" + prefix + in.substring(1) : prefix + in);
          }
          def.addNode(copy);
        }
      }
      return prefix + output;
    }
  }

  /** {@code WEIGHTS}: a [k,1,1] float variable, its assign op (1/k each) and its read. */
  private static void addWeights(GraphDef.Builder def, int k) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : new long[] {k, 1, 1}) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    TensorProto.Builder value = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT);
    value.setTensorShape(shape);
    for (int i = 0; i < k; i++) {
      value.addFloatVal(1f / k);
    }
    def.addNode(
        node(WEIGHTS, "VariableV2")
            .putAttr("dtype", type(DataType.DT_FLOAT))
            .putAttr("shape", AttrValue.newBuilder().setShape(shape).build())
            .putAttr("container", AttrValue.newBuilder().setS(ByteString.EMPTY).build())
            .putAttr("shared_name", AttrValue.newBuilder().setS(ByteString.EMPTY).build()));
    def.addNode(
        node(WEIGHTS + "/initial_value", "Const")
            .putAttr("dtype", type(DataType.DT_FLOAT))
            .putAttr("value", AttrValue.newBuilder().setTensor(value).build()));
    def.addNode(
        node(WEIGHTS + "/assign", "Assign", WEIGHTS, WEIGHTS + "/initial_value")
            .putAttr("T", type(DataType.DT_FLOAT))
            .putAttr("validate_shape", AttrValue.newBuilder().setB(true).build())
            .putAttr("use_locking", AttrValue.newBuilder().setB(true).build()));
    def.addNode(node(WEIGHTS + "/read", "Identity", WEIGHTS).putAttr("T", type(DataType.DT_FLOAT)));
  }

  /** The member's input: the ensemble's batch, resized to the member's size where it differs. */
  private static void addResize(
      GraphDef.Builder def, String prefix, String input, String batch, int memberSize, int size) {
    if (memberSize == size) {
      def.addNode(node(prefix + input, "Identity", batch).putAttr("T", type(DataType.DT_FLOAT)));
      return;
    }
    String sizeNode = prefix + input + "_size";
    def.addNode(intConst(sizeNode, new int[] {memberSize, memberSize}, 1));
    NodeDef.Builder resize =
        memberSize < size
            ? node(prefix + input, "ResizeArea", batch, sizeNode)
            : node(prefix + input, "ResizeBilinear", batch, sizeNode)
                .putAttr("half_pixel_centers", AttrValue.newBuilder().setB(true).build());
    def.addNode(
        resize
            .putAttr("T", type(DataType.DT_FLOAT))
            .putAttr("align_corners", AttrValue.newBuilder().setB(false).build()));
  }

  /** A variable replaced by a constant holding its current value in the member's session. */
  private static NodeDef frozen(Session session, NodeDef variable, String prefix) {
    try (Result result = session.runner().fetch(variable.getName()).run()) {
      Tensor value = result.get(0);
      if (value.dataType() != DataType.DT_FLOAT) {
        throw new InvalidModelException(
            "variable " + variable.getName() + " is " + value.dataType() + ", expected float");
      }
      byte[] bytes = new byte[(int) value.numBytes()];
      value.asRawTensor().data().read(bytes);
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      for (long d : value.shape().asArray()) {
        shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
      }
      TensorProto tensor =
          TensorProto.newBuilder()
              .setDtype(DataType.DT_FLOAT)
              .setTensorShape(shape)
              .setTensorContent(ByteString.copyFrom(bytes))
              .build();
      return node(prefix + variable.getName(), "Const")
          .putAttr("dtype", type(DataType.DT_FLOAT))
          .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build())
          .build();
    }
  }

  /** Every node {@code output} depends on (data and control inputs), itself included. */
  private static Set<String> ancestors(Map<String, NodeDef> byName, String output, Path dir) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(output));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (!seen.add(name)) {
        continue;
      }
      NodeDef n = byName.get(name);
      if (n == null) {
        throw new InvalidModelException(dir + ": graph has no node '" + name + "'");
      }
      for (String in : n.getInputList()) {
        todo.push(nodeName(in));
      }
    }
    return seen;
  }

  /** {@code ^name}, {@code name:1} → {@code name}. */
  private static String nodeName(String tensorOrInput) {
    String s = tensorOrInput.startsWith("^") ? tensorOrInput.substring(1) : tensorOrInput;
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }

  private static NodeDef.Builder node(String name, String op, String... inputs) {
    NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp(op);
    for (String in : inputs) {
      b.addInput(in);
    }
    return b;
  }

  private static NodeDef.Builder intConst(String name, int[] values, int rank) {
    TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_INT32);
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    if (rank == 1) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(values.length));
    }
    t.setTensorShape(shape);
    for (int v : values) {
      t.addIntVal(v);
    }
    return node(name, "Const")
        .putAttr("dtype", type(DataType.DT_INT32))
        .putAttr("value", AttrValue.newBuilder().setTensor(t).build());
  }

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  private static AttrValue shapeAttr(long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return AttrValue.newBuilder().setShape(shape).build();
  }
}
