package io.maskwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What each overlay is for, on its rendered output (needs kubectl, else skipped). */
class OverlayTest {

  @BeforeEach
  void needsKubectl() {
    Kubectl.unavailableReason().ifPresent(reason -> Assumptions.abort(reason));
  }

  private static List<Manifest> render(String overlay) throws IOException {
    return Manifest.parseAll(overlay, Kubectl.kustomize(Repo.k8s().resolve(overlay)));
  }

  private static List<Deployment> deployments(List<Manifest> docs) {
    return docs.stream()
        .map(Manifest::object)
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .toList();
  }

  private static List<String> names(List<Manifest> docs, String kind) {
    return docs.stream().filter(d -> d.kind().equals(kind)).map(Manifest::name).toList();
  }

  private static Container container(List<Manifest> docs, String name) {
    return deployments(docs).stream()
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  @Test
  void devRunsOneOfEverythingWithoutAutoscaling() throws IOException {
    List<Manifest> docs = render("overlays/dev");

    assertThat(deployments(docs))
        .hasSize(4)
        .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(1));
    assertThat(names(docs, "HorizontalPodAutoscaler")).isEmpty();
    assertThat(names(docs, "ScaledObject")).isEmpty();
    assertThat(docs.stream().filter(d -> d.kind().equals("KafkaTopic")))
        .hasSize(7)
        .allSatisfy(t -> assertThat(t.tree().path("spec").path("replicas").asInt()).isEqualTo(1));
    assertThat(docs.stream().filter(d -> d.kind().equals("KafkaNodePool")))
        .singleElement()
        .satisfies(p -> assertThat(p.tree().path("spec").path("replicas").asInt()).isEqualTo(1));
  }

  @Test
  void productionScalesFaceAndMaskOnLagAndTheOthersOnCpu() throws IOException {
    List<Manifest> docs = render("overlays/production");

    assertThat(names(docs, "ScaledObject"))
        .containsExactlyInAnyOrder("face-service", "mask-service");
    assertThat(names(docs, "HorizontalPodAutoscaler"))
        .containsExactlyInAnyOrder("ingest-service", "alert-service");
    assertThat(names(docs, "KafkaTopic"))
        .containsExactlyInAnyOrder(
            "frames", "faces", "verdicts", "cameras", "camera-status", "alerts", "dead-letters");
    assertThat(names(docs, "StatefulSet")).containsExactly("maskwatch-postgres");
    assertThat(container(docs, "mask-service").getImage())
        .isEqualTo("maskwatch/mask-service:0.1.0");
  }

  @Test
  void gpuPutsMaskServiceOnGpuNodesWithTheGpuImage() throws IOException {
    List<Manifest> docs = render("overlays/gpu");

    Deployment mask =
        deployments(docs).stream()
            .filter(d -> d.getMetadata().getName().equals("mask-service"))
            .findFirst()
            .orElseThrow();
    var pod = mask.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("maskwatch/mask-service-gpu:0.1.0");
    assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
    assertThat(pod.getTolerations())
        .anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
    // The rest of the container is base's: probes and config survive the patch.
    assertThat(c.getStartupProbe()).isNotNull();
    assertThat(c.getEnv())
        .extracting(e -> e.getName())
        .contains("KAFKA_BOOTSTRAP_SERVERS", "TF_FORCE_GPU_ALLOW_GROWTH");
    assertThat(container(docs, "face-service").getResources().getLimits())
        .doesNotContainKey("nvidia.com/gpu");
  }
}
