package io.maskwatch.alert.pipeline;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline's Deployments through the Kubernetes API: replicas desired and ready, pods, the
 * autoscaler in charge (a KEDA ScaledObject or an HPA targeting the Deployment), and scaling.
 */
public final class Cluster {

  static final ResourceDefinitionContext SCALED_OBJECT =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind("ScaledObject")
          .withPlural("scaledobjects")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;
  private final String namespace;

  public Cluster(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The service's Deployment, or empty when the namespace has none of that name. */
  public Optional<ServiceState> service(String name) {
    Deployment deployment = deployment(name);
    if (deployment == null) {
      return Optional.empty();
    }
    Integer desired = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
    Integer ready =
        deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
            ? 0
            : deployment.getStatus().getReadyReplicas();
    List<ServiceState.Instance> instances = List.of();
    if (deployment.getSpec() != null
        && deployment.getSpec().getSelector() != null
        && deployment.getSpec().getSelector().getMatchLabels() != null) {
      instances =
          client
              .pods()
              .inNamespace(namespace)
              .withLabels(deployment.getSpec().getSelector().getMatchLabels())
              .list()
              .getItems()
              .stream()
              .map(pod -> new ServiceState.Instance(pod.getMetadata().getName(), ready(pod)))
              .sorted(java.util.Comparator.comparing(ServiceState.Instance::name))
              .toList();
    }
    GenericKubernetesResource scaledObject = scaledObject(name);
    if (scaledObject != null) {
      Map<String, Object> spec = spec(scaledObject);
      return Optional.of(
          new ServiceState(
              name,
              desired,
              ready,
              "keda",
              integer(spec.get("minReplicaCount")),
              integer(spec.get("maxReplicaCount")),
              instances));
    }
    HorizontalPodAutoscaler hpa = hpa(name);
    if (hpa != null) {
      return Optional.of(
          new ServiceState(
              name,
              desired,
              ready,
              "hpa",
              hpa.getSpec().getMinReplicas(),
              hpa.getSpec().getMaxReplicas(),
              instances));
    }
    return Optional.of(new ServiceState(name, desired, ready, null, null, null, instances));
  }

  /**
   * Scales the service: with a KEDA ScaledObject in charge, its minReplicaCount becomes {@code
   * replicas} (and its maxReplicaCount at least that), so that KEDA keeps at least as many; with an
   * HPA in charge, 409 (it would undo the change); else the Deployment's scale subresource.
   */
  public ServiceState scale(String name, int replicas) {
    if (deployment(name) == null) {
      throw new ScaleRefusedException(404, "no Deployment " + name + " in namespace " + namespace);
    }
    GenericKubernetesResource scaledObject = scaledObject(name);
    if (scaledObject != null) {
      client
          .genericKubernetesResources(SCALED_OBJECT)
          .inNamespace(namespace)
          .withName(scaledObject.getMetadata().getName())
          .edit(
              resource -> {
                Map<String, Object> spec = spec(resource);
                spec.put("minReplicaCount", replicas);
                Integer max = integer(spec.get("maxReplicaCount"));
                if (max == null || max < replicas) {
                  spec.put("maxReplicaCount", replicas);
                }
                return resource;
              });
    } else if (hpa(name) != null) {
      throw new ScaleRefusedException(
          409,
          "the HorizontalPodAutoscaler "
              + hpa(name).getMetadata().getName()
              + " manages "
              + name
              + "; change its bounds instead");
    } else {
      client.apps().deployments().inNamespace(namespace).withName(name).scale(replicas);
    }
    return service(name).orElseThrow();
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  private GenericKubernetesResource scaledObject(String deployment) {
    try {
      return client
          .genericKubernetesResources(SCALED_OBJECT)
          .inNamespace(namespace)
          .list()
          .getItems()
          .stream()
          .filter(so -> deployment.equals(targetName(so)))
          .findFirst()
          .orElse(null);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return null; // KEDA is not installed
      }
      throw e;
    }
  }

  private HorizontalPodAutoscaler hpa(String deployment) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .list()
        .getItems()
        .stream()
        .filter(
            hpa ->
                hpa.getSpec() != null
                    && hpa.getSpec().getScaleTargetRef() != null
                    && deployment.equals(hpa.getSpec().getScaleTargetRef().getName())
                    && !hpa.getMetadata().getName().startsWith("keda-hpa-"))
        .findFirst()
        .orElse(null);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    Object spec = resource.getAdditionalProperties().get("spec");
    if (spec instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    Map<String, Object> empty = new java.util.LinkedHashMap<>();
    resource.getAdditionalProperties().put("spec", empty);
    return empty;
  }

  private static String targetName(GenericKubernetesResource scaledObject) {
    Object target = spec(scaledObject).get("scaleTargetRef");
    if (target instanceof Map<?, ?> map && map.get("name") instanceof String name) {
      Object kind = map.get("kind");
      return kind == null || "Deployment".equals(kind) ? name : null;
    }
    return null;
  }

  private static Integer integer(Object value) {
    return value instanceof Number number ? number.intValue() : null;
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
