package io.maskwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Camera CRD is the contract ingest-service's Kubernetes client is written against. */
class CameraCrdTest {

  private static CustomResourceDefinition crd;
  private static JSONSchemaProps schema;

  @BeforeAll
  static void load() throws IOException {
    List<Manifest> docs =
        Manifest.parseAll(
            "camera-crd.yaml", Files.readString(Repo.k8s().resolve("base/camera-crd.yaml")));
    assertThat(docs).hasSize(1);
    assertThat(UnknownFields.find(docs.get(0).object())).isEmpty();
    crd = (CustomResourceDefinition) docs.get(0).object();
    schema = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  @Test
  void namesGroupVersionAndScopeAreTheContract() {
    assertThat(crd.getMetadata().getName()).isEqualTo("cameras.maskwatch.io");
    assertThat(crd.getSpec().getGroup()).isEqualTo("maskwatch.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("Camera");
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("cameras");
    CustomResourceDefinitionVersion v1 = crd.getSpec().getVersions().get(0);
    assertThat(v1.getName()).isEqualTo("v1");
    assertThat(v1.getServed()).isTrue();
    assertThat(v1.getStorage()).isTrue();
    assertThat(v1.getSubresources().getStatus()).isNotNull();
    assertThat(v1.getAdditionalPrinterColumns())
        .extracting(c -> c.getJsonPath())
        .contains(".spec.site", ".status.state", ".status.fps");
  }

  @Test
  void specAndStatusFieldsWithTheirDefaultsAndLimits() {
    JSONSchemaProps spec = schema.getProperties().get("spec");
    assertThat(spec.getRequired()).containsExactlyInAnyOrder("name", "site");
    Map<String, JSONSchemaProps> p = spec.getProperties();
    assertThat(p.keySet())
        .containsExactlyInAnyOrder(
            "name",
            "site",
            "zone",
            "url",
            "urlSecretRef",
            "sampleFps",
            "maxWidth",
            "maxHeight",
            "enabled");
    assertThat(p.get("urlSecretRef").getProperties().keySet())
        .containsExactlyInAnyOrder("name", "key");
    assertThat(p.get("sampleFps").getType()).isEqualTo("number");
    assertThat(p.get("sampleFps").getMinimum()).isEqualTo(0.1);
    assertThat(p.get("sampleFps").getMaximum()).isEqualTo(30.0);
    assertThat(p.get("sampleFps").getDefault().asDouble()).isEqualTo(2.0);
    assertThat(p.get("maxWidth").getType()).isEqualTo("integer");
    assertThat(p.get("maxWidth").getDefault().asInt()).isEqualTo(1280);
    assertThat(p.get("maxHeight").getDefault().asInt()).isEqualTo(720);
    assertThat(p.get("enabled").getDefault().asBoolean()).isTrue();
    assertThat(schema.getProperties().get("status").getProperties().keySet())
        .containsExactlyInAnyOrder("state", "fps", "framesSent", "framesDropped", "lastError");
  }

  @Test
  void theExampleCamerasFollowTheSchema() throws IOException {
    List<Manifest> cameras =
        Manifest.parseAll(
            "examples", Files.readString(Repo.k8s().resolve("examples/cameras.yaml")));
    assertThat(cameras).hasSize(2);
    for (Manifest camera : cameras) {
      assertThat(camera.kind()).isEqualTo("Camera");
      assertThat(OpenApiCheck.check(camera.tree(), schema)).as(camera.label()).isEmpty();
    }
  }

  @Test
  void aMisspeltOrOutOfRangeCameraIsRejected() throws IOException {
    JsonNode camera =
        Manifest.parseAll(
                "bad",
                """
                apiVersion: maskwatch.io/v1
                kind: Camera
                metadata:
                  name: bad
                  lables: {a: b}
                spec:
                  name: Bad
                  sampelFps: 2
                  sampleFps: 60
                  maxWidth: 1280.5
                  urlSecretRef: {name: s}
                """)
            .get(0)
            .tree();

    assertThat(OpenApiCheck.check(camera, schema))
        .containsExactlyInAnyOrder(
            "unknown field metadata.lables",
            "unknown field spec.sampelFps",
            "spec.sampleFps: 60.0 is above the maximum 30.0",
            "spec.maxWidth: expected an integer, found 1280.5",
            "missing required field spec.urlSecretRef.key",
            "missing required field spec.site");
  }
}
