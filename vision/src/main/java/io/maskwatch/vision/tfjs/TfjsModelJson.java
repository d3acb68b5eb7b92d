package io.maskwatch.vision.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a TF.js graph model's {@code model.json} the importer needs: the node list (a
 * GraphDef in protobuf's JSON mapping) and the weights manifest.
 */
public record TfjsModelJson(Map<String, Node> nodes, List<WeightGroup> weightGroups) {

  /** One graph node. {@code attr} keeps the raw JSON values; {@link TfjsAttrs} translates them. */
  public record Node(String name, String op, List<String> inputs, Map<String, JsonNode> attr) {}

  /** Weights stored back to back across the group's shard files. */
  public record WeightGroup(List<String> paths, List<WeightSpec> weights) {}

  /**
   * One weight tensor. {@code quantization} is null when the values are stored as {@code dtype}.
   */
  public record WeightSpec(String name, long[] shape, String dtype, Quantization quantization) {
    public long elementCount() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  /** TF.js weight quantization: uint8/uint16 affine ({@code v*scale+min}) or float16. */
  public record Quantization(String dtype, float scale, float min) {}

  public static TfjsModelJson read(Path modelJson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(modelJson.toFile());
    try {
      return parse(root);
    } catch (IllegalArgumentException e) {
      throw new IOException("Not a TF.js graph model " + modelJson + ": " + e.getMessage(), e);
    }
  }

  static TfjsModelJson parse(JsonNode root) {
    JsonNode nodeList = root.path("modelTopology").path("node");
    if (!nodeList.isArray() || nodeList.isEmpty()) {
      throw new IllegalArgumentException(
          "no modelTopology.node[] (a layers model is not supported)");
    }
    Map<String, Node> nodes = new LinkedHashMap<>();
    for (JsonNode n : nodeList) {
      String name = required(n, "name");
      List<String> inputs = new ArrayList<>();
      n.path("input").forEach(i -> inputs.add(i.asText()));
      Map<String, JsonNode> attr = new LinkedHashMap<>();
      n.path("attr").fields().forEachRemaining(e -> attr.put(e.getKey(), e.getValue()));
      nodes.put(
          name,
          new Node(
              name,
              required(n, "op"),
              Collections.unmodifiableList(inputs),
              Collections.unmodifiableMap(attr)));
    }
    List<WeightGroup> groups = new ArrayList<>();
    for (JsonNode g : root.path("weightsManifest")) {
      List<String> paths = new ArrayList<>();
      g.path("paths").forEach(p -> paths.add(p.asText()));
      List<WeightSpec> weights = new ArrayList<>();
      for (JsonNode w : g.path("weights")) {
        long[] shape = new long[w.path("shape").size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = w.path("shape").get(i).asLong();
        }
        JsonNode q = w.get("quantization");
        Quantization quantization =
            q == null
                ? null
                : new Quantization(
                    required(q, "dtype"),
                    (float) q.path("scale").asDouble(1.0),
                    (float) q.path("min").asDouble(0.0));
        weights.add(new WeightSpec(required(w, "name"), shape, required(w, "dtype"), quantization));
      }
      groups.add(new WeightGroup(List.copyOf(paths), List.copyOf(weights)));
    }
    return new TfjsModelJson(Collections.unmodifiableMap(nodes), List.copyOf(groups));
  }

  private static String required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.asText().isEmpty()) {
      throw new IllegalArgumentException("missing '" + field + "' in " + n);
    }
    return v.asText();
  }
}
