package io.maskwatch.vision.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import java.util.Base64;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Translates a node attribute from protobuf's JSON mapping (as TF.js writes it: {@code
 * {"type":"DT_FLOAT"}}, {@code {"s":"<base64>"}}, {@code {"list":{"i":["1","2"]}}}, {@code
 * {"shape":{"dim":[{"size":"-1"}]}}} ...) into an {@link AttrValue}.
 */
final class TfjsAttrs {

  private TfjsAttrs() {}

  static AttrValue toAttrValue(String attrName, JsonNode v) {
    AttrValue.Builder b = AttrValue.newBuilder();
    if (v.has("type")) {
      b.setType(dataType(v.get("type").asText()));
    } else if (v.has("s")) {
      b.setS(ByteString.copyFrom(Base64.getDecoder().decode(v.get("s").asText())));
    } else if (v.has("i")) {
      b.setI(v.get("i").asLong());
    } else if (v.has("f")) {
      b.setF((float) v.get("f").asDouble());
    } else if (v.has("b")) {
      b.setB(v.get("b").asBoolean());
    } else if (v.has("shape")) {
      b.setShape(shape(v.get("shape")));
    } else if (v.has("list")) {
      b.setList(list(v.get("list")));
    } else if (v.has("tensor")) {
      b.setTensor(tensor(v.get("tensor")));
    } else {
      throw new IllegalArgumentException(
          "Unsupported attribute '" + attrName + "' value " + v + " (func/placeholder attrs)");
    }
    return b.build();
  }

  static DataType dataType(String name) {
    try {
      return DataType.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown TensorFlow dtype '" + name + "'", e);
    }
  }

  static TensorShapeProto shape(JsonNode s) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    if (s.path("unknownRank").asBoolean(false)) {
      return b.setUnknownRank(true).build();
    }
    for (JsonNode d : s.path("dim")) {
      // proto3 JSON omits a zero "size"; TF.js writes sizes as strings.
      b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d.path("size").asLong(0)));
    }
    return b.build();
  }

  private static AttrValue.ListValue list(JsonNode l) {
    AttrValue.ListValue.Builder b = AttrValue.ListValue.newBuilder();
    l.path("i").forEach(x -> b.addI(x.asLong()));
    l.path("f").forEach(x -> b.addF((float) x.asDouble()));
    l.path("b").forEach(x -> b.addB(x.asBoolean()));
    l.path("s").forEach(x -> b.addS(ByteString.copyFrom(Base64.getDecoder().decode(x.asText()))));
    l.path("type").forEach(x -> b.addType(dataType(x.asText())));
    l.path("shape").forEach(x -> b.addShape(shape(x)));
    return b.build();
  }

  /** Inline tensors only carry small scalar lists; weights come from the manifest instead. */
  private static TensorProto tensor(JsonNode t) {
    TensorProto.Builder b = TensorProto.newBuilder();
    if (t.has("dtype")) {
      b.setDtype(dataType(t.get("dtype").asText()));
    }
    if (t.has("tensorShape")) {
      b.setTensorShape(shape(t.get("tensorShape")));
    }
    t.path("floatVal").forEach(x -> b.addFloatVal((float) x.asDouble()));
    t.path("intVal").forEach(x -> b.addIntVal(x.asInt()));
    t.path("int64Val").forEach(x -> b.addInt64Val(x.asLong()));
    t.path("boolVal").forEach(x -> b.addBoolVal(x.asBoolean()));
    return b.build();
  }

  static String string(Map<String, JsonNode> attr, String name, String fallback) {
    JsonNode v = attr.get(name);
    return v == null || !v.has("s")
        ? fallback
        : new String(
            Base64.getDecoder().decode(v.get("s").asText()),
            java.nio.charset.StandardCharsets.UTF_8);
  }
}
