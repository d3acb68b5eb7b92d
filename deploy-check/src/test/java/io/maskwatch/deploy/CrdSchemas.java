package io.maskwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;

/** The schemas of {@code crd-schemas.yaml} for custom resources fabric8 has no model of. */
final class CrdSchemas {

  private static final JsonNode SCHEMAS = load();
  private static final Set<String> TOPIC_CONFIGS = topicConfigs();

  private CrdSchemas() {}

  /** The schema for {@code apiVersion kind}, if this project knows that custom resource. */
  static Optional<JsonNode> schemaOf(String apiVersion, String kind) {
    JsonNode schema = SCHEMAS.get(apiVersion + " " + kind);
    return Optional.ofNullable(schema);
  }

  /** Problems of a custom resource against its schema: unknown keys, missing ones, wrong types. */
  static List<String> check(JsonNode resource, JsonNode schema) {
    List<String> problems = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      switch (field.getKey()) {
        case "apiVersion", "kind" -> {}
        case "metadata" -> {
          ObjectMeta meta = Manifest.SERIALIZATION.convertValue(field.getValue(), ObjectMeta.class);
          UnknownFields.find(meta).forEach(f -> problems.add("unknown field metadata." + f));
        }
        default -> {
          JsonNode fieldSchema = schema.get(field.getKey());
          if (fieldSchema == null) {
            problems.add("unknown field " + field.getKey());
          } else {
            check(field.getValue(), fieldSchema, field.getKey(), problems);
          }
        }
      }
    }
    required(resource, schema, "", problems);
    return problems;
  }

  private static void check(JsonNode value, JsonNode schema, String path, List<String> problems) {
    if (schema.isArray()) {
      if (!value.isArray()) {
        problems.add(path + ": expected a list");
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        check(value.get(i), schema.get(0), path + "[" + i + "]", problems);
      }
      return;
    }
    if (schema.isObject()) {
      if (!value.isObject()) {
        problems.add(path + ": expected an object");
        return;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode fieldSchema = schema.get(field.getKey());
        if (fieldSchema == null || field.getKey().equals("_required")) {
          problems.add("unknown field " + path + "." + field.getKey());
        } else {
          check(field.getValue(), fieldSchema, path + "." + field.getKey(), problems);
        }
      }
      required(value, schema, path + ".", problems);
      return;
    }
    String type = schema.asText();
    boolean ok =
        switch (type) {
          case "string" -> value.isTextual();
          case "int" -> value.isIntegralNumber();
          case "number" -> value.isNumber();
          case "bool" -> value.isBoolean();
          case "any" -> true;
          case "map" -> scalarMap(value, false);
          case "stringmap" -> scalarMap(value, true);
          case "topicconfig" -> {
            if (!scalarMap(value, false)) {
              yield false;
            }
            value
                .fieldNames()
                .forEachRemaining(
                    key -> {
                      if (!TOPIC_CONFIGS.contains(key)) {
                        problems.add(path + "." + key + ": not a Kafka topic config");
                      }
                    });
            yield true;
          }
          default -> {
            if (!type.startsWith("k8s:")) {
              throw new IllegalStateException("crd-schemas.yaml: unknown type " + type);
            }
            yield typed(value, type.substring(4), path, problems);
          }
        };
    if (!ok) {
      problems.add(path + ": expected " + type + ", found " + value);
    }
  }

  private static boolean typed(JsonNode value, String className, String path, List<String> out) {
    try {
      Object parsed = Manifest.SERIALIZATION.convertValue(value, Class.forName(className));
      UnknownFields.find(parsed).forEach(f -> out.add("unknown field " + path + "." + f));
      return true;
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("crd-schemas.yaml: no class " + className, e);
    } catch (RuntimeException e) {
      out.add(path + ": " + e.getMessage());
      return true;
    }
  }

  private static boolean scalarMap(JsonNode value, boolean stringsOnly) {
    if (!value.isObject()) {
      return false;
    }
    for (JsonNode item : value) {
      if (stringsOnly ? !item.isTextual() : !item.isValueNode()) {
        return false;
      }
    }
    return true;
  }

  private static void required(JsonNode value, JsonNode schema, String prefix, List<String> out) {
    for (JsonNode key : schema.path("_required")) {
      if (!value.has(key.asText())) {
        out.add("missing required field " + prefix + key.asText());
      }
    }
  }

  private static JsonNode load() {
    try (InputStream in = CrdSchemas.class.getResourceAsStream("/crd-schemas.yaml")) {
      return new YAMLMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> topicConfigs() {
    Set<String> names = new HashSet<>();
    for (Field field : TopicConfig.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && field.getName().endsWith("_CONFIG")
          && field.getType() == String.class) {
        try {
          names.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }
}
