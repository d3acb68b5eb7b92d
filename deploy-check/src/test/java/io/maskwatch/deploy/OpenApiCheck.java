package io.maskwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A custom resource against its CRD's structural OpenAPI schema, as the API server would take it:
 * types, required fields, minimum/maximum, minLength, enum; and unknown fields, which the API
 * server would silently prune (a misspelt {@code sampelFps} would just vanish).
 */
final class OpenApiCheck {

  private OpenApiCheck() {}

  static List<String> check(JsonNode resource, JSONSchemaProps schema) {
    List<String> problems = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      switch (field.getKey()) {
        case "apiVersion", "kind" -> {}
        case "metadata" ->
            UnknownFields.find(
                    Manifest.SERIALIZATION.convertValue(field.getValue(), ObjectMeta.class))
                .forEach(f -> problems.add("unknown field metadata." + f));
        default -> {
          JSONSchemaProps props = schema.getProperties().get(field.getKey());
          if (props == null) {
            problems.add("unknown field " + field.getKey());
          } else {
            check(field.getValue(), props, field.getKey(), problems);
          }
        }
      }
    }
    required(resource, schema, "", problems);
    return problems;
  }

  private static void check(JsonNode value, JSONSchemaProps schema, String path, List<String> out) {
    String type = schema.getType() == null ? "" : schema.getType();
    switch (type) {
      case "object" -> {
        if (!value.isObject()) {
          out.add(path + ": expected an object");
          return;
        }
        boolean open =
            Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())
                || schema.getAdditionalProperties() != null;
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          JSONSchemaProps props =
              schema.getProperties() == null ? null : schema.getProperties().get(field.getKey());
          if (props != null) {
            check(field.getValue(), props, path + "." + field.getKey(), out);
          } else if (!open) {
            out.add("unknown field " + path + "." + field.getKey());
          }
        }
        required(value, schema, path + ".", out);
      }
      case "array" -> {
        if (!value.isArray()) {
          out.add(path + ": expected a list");
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), schema.getItems().getSchema(), path + "[" + i + "]", out);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          out.add(path + ": expected a string, found " + value);
        } else if (schema.getMinLength() != null
            && value.asText().length() < schema.getMinLength()) {
          out.add(path + ": shorter than " + schema.getMinLength());
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          out.add(path + ": expected an integer, found " + value);
        } else {
          range(value.asDouble(), schema, path, out);
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          out.add(path + ": expected a number, found " + value);
        } else {
          range(value.asDouble(), schema, path, out);
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          out.add(path + ": expected true or false, found " + value);
        }
      }
      default -> {}
    }
    if (schema.getEnum() != null
        && !schema.getEnum().isEmpty()
        && !schema.getEnum().contains(value)) {
      out.add(path + ": " + value + " is not one of " + schema.getEnum());
    }
  }

  private static void range(double v, JSONSchemaProps schema, String path, List<String> out) {
    if (schema.getMinimum() != null && v < schema.getMinimum()) {
      out.add(path + ": " + v + " is below the minimum " + schema.getMinimum());
    }
    if (schema.getMaximum() != null && v > schema.getMaximum()) {
      out.add(path + ": " + v + " is above the maximum " + schema.getMaximum());
    }
  }

  private static void required(
      JsonNode value, JSONSchemaProps schema, String prefix, List<String> out) {
    if (schema.getRequired() != null) {
      for (String key : schema.getRequired()) {
        if (!value.has(key)) {
          out.add("missing required field " + prefix + key);
        }
      }
    }
  }
}
