package io.maskwatch.alert.kubernetes;

import static io.maskwatch.alert.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scale control against the fabric8 mock API server (CRUD mode): a Deployment's replicas
 * change; a KEDA ScaledObject's bounds change instead when one manages the Deployment.
 */
@QuarkusTest
@TestProfile(PipelineScaleTest.InCluster.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class PipelineScaleTest {

  static final String NAMESPACE = "maskwatch-test";

  /** As in a cluster. */
  public static class InCluster implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "maskwatch.alert.pipeline.mode",
          "kubernetes",
          "maskwatch.alert.pipeline.namespace",
          NAMESPACE);
    }
  }

  private static final ResourceDefinitionContext SCALED_OBJECT =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind("ScaledObject")
          .withPlural("scaledobjects")
          .withNamespaced(true)
          .build();

  @Inject KubernetesClient client;

  @BeforeEach
  void deployments() {
    for (String name : List.of("face-service", "mask-service")) {
      client
          .apps()
          .deployments()
          .inNamespace(NAMESPACE)
          .resource(deployment(name, 2))
          .createOr(existing -> existing.update());
    }
    GenericKubernetesResource scaledObject =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("keda.sh/v1alpha1")
            .withKind("ScaledObject")
            .withNewMetadata()
            .withName("face-service")
            .withNamespace(NAMESPACE)
            .endMetadata()
            .addToAdditionalProperties(
                "spec",
                Map.of(
                    "scaleTargetRef", Map.of("name", "face-service"),
                    "minReplicaCount", 2,
                    "maxReplicaCount", 12))
            .build();
    client
        .genericKubernetesResources(SCALED_OBJECT)
        .inNamespace(NAMESPACE)
        .resource(scaledObject)
        .createOr(existing -> existing.update());
  }

  @Test
  void scalingADeploymentChangesItsReplicas() {
    as("admin")
        .contentType(ContentType.JSON)
        .body(Map.of("service", "mask-service", "replicas", 4))
        .post("/api/pipeline/scale")
        .then()
        .statusCode(200)
        .body("name", is("mask-service"))
        .body("desired", is(4));
    Deployment mask =
        client.apps().deployments().inNamespace(NAMESPACE).withName("mask-service").get();
    assertThat(mask.getSpec().getReplicas()).isEqualTo(4);
    // face-service untouched
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName("face-service")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);
  }

  @Test
  void withKedaInChargeItsBoundsChange() {
    as("admin")
        .contentType(ContentType.JSON)
        .body(Map.of("service", "face-service", "replicas", 5))
        .post("/api/pipeline/scale")
        .then()
        .statusCode(200)
        .body("autoscaler", is("keda"))
        .body("min", is(5))
        .body("max", is(12));
    GenericKubernetesResource so =
        client
            .genericKubernetesResources(SCALED_OBJECT)
            .inNamespace(NAMESPACE)
            .withName("face-service")
            .get();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) so.getAdditionalProperties().get("spec");
    assertThat(((Number) spec.get("minReplicaCount")).intValue()).isEqualTo(5);
    assertThat(((Number) spec.get("maxReplicaCount")).intValue()).isEqualTo(12);
    as("admin")
        .contentType(ContentType.JSON)
        .body(Map.of("service", "face-service", "replicas", 15))
        .post("/api/pipeline/scale")
        .then()
        .statusCode(200)
        .body("min", is(15))
        .body("max", is(15));
  }

  @Test
  void thePageShowsTheDeployments() {
    JsonPath page = as("viewer").get("/api/pipeline").then().statusCode(200).extract().jsonPath();
    assertThat(page.getString("mode")).isEqualTo("kubernetes");
    assertThat(page.getList("services.name")).containsExactly("face-service", "mask-service");
    assertThat(page.getList("services.autoscaler")).containsExactly("keda", null);
    assertThat(page.getList("lag.group")).contains("face-service", "mask-service");
    as("viewer")
        .contentType(ContentType.JSON)
        .body(Map.of("service", "mask-service", "replicas", 1))
        .post("/api/pipeline/scale")
        .then()
        .statusCode(403);
  }

  private static Deployment deployment(String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app.kubernetes.io/name", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app.kubernetes.io/name", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage("maskwatch/" + name)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
