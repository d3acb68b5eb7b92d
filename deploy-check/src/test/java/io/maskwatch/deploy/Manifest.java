package io.maskwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One document of a rendered manifest: its YAML tree, and the fabric8 object it parses into (a
 * typed model class for Kubernetes' own kinds, {@link GenericKubernetesResource} for custom
 * resources), or the reason it does not parse.
 */
record Manifest(String source, int index, JsonNode tree, HasMetadata object, String parseError) {

  private static final YAMLMapper YAML = new YAMLMapper();
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** Every non-empty document of a multi-document YAML stream. */
  static List<Manifest> parseAll(String source, String yaml) throws IOException {
    List<Manifest> manifests = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      int index = 0;
      while (docs.hasNext()) {
        JsonNode tree = docs.next();
        if (tree == null || tree.isNull() || tree.isEmpty()) {
          continue;
        }
        manifests.add(parse(source, index++, tree));
      }
    }
    return manifests;
  }

  private static Manifest parse(String source, int index, JsonNode tree) {
    try {
      KubernetesResource parsed =
          SERIALIZATION.unmarshal(tree.toString(), KubernetesResource.class);
      if (parsed instanceof HasMetadata object) {
        return new Manifest(source, index, tree, object, null);
      }
      return new Manifest(
          source, index, tree, null, "not a Kubernetes object: " + parsed.getClass().getName());
    } catch (RuntimeException e) {
      return new Manifest(source, index, tree, null, rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  String kind() {
    return tree.path("kind").asText();
  }

  String apiVersion() {
    return tree.path("apiVersion").asText();
  }

  String name() {
    return tree.path("metadata").path("name").asText();
  }

  boolean typed() {
    return object != null && !(object instanceof GenericKubernetesResource);
  }

  /** How problems name this document: {@code overlays/dev: Deployment/face-service}. */
  String label() {
    return source + ": " + kind() + "/" + (name().isEmpty() ? "#" + index : name());
  }
}
