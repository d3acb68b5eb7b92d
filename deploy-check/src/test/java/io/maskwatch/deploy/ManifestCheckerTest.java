package io.maskwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ManifestChecker} on the manifest files themselves (base, Kafka and PostgreSQL
 * resources concatenated, no kubectl needed): they pass as written, and each kind of mistake in
 * them is caught: the rules can fail.
 */
class ManifestCheckerTest {

  private static Map<String, ServiceConfig> services;

  @BeforeAll
  static void load() {
    services = ServiceConfig.loadAll(Repo.root());
  }

  @Test
  void theFilesAsWrittenFollowTheRules() throws IOException {
    assertThat(problems(files())).isEmpty();
  }

  @Test
  void aMisspeltFieldInATypedKindIsRejected() throws IOException {
    List<String> problems =
        problems(changed(files(), "base/face-service.yaml", "livenessProbe:", "livenesProbe:"));

    assertThat(problems)
        .contains(
            "files: Deployment/face-service: unknown field"
                + " spec.template.spec.containers[0].livenesProbe",
            "Deployment/face-service container face-service: no livenessProbe",
            "Deployment/face-service: no livenessProbe");
  }

  @Test
  void aContainerWithoutResourcesIsRejected() throws IOException {
    List<String> problems =
        problems(changed(files(), "base/mask-service.yaml", "resources:", "resourcez:"));

    assertThat(problems)
        .contains(
            "Deployment/mask-service container mask-service: no cpu in resources.requests",
            "Deployment/mask-service container mask-service: no memory in resources.limits");
  }

  @Test
  void aStatefulSetWithoutReadinessProbeIsRejected() throws IOException {
    List<String> problems =
        problems(
            changed(
                files(), "components/postgres/postgres.yaml", "readinessProbe:", "x-readiness:"));

    assertThat(problems)
        .contains("StatefulSet/maskwatch-postgres container postgres: no readinessProbe");
  }

  @Test
  void aPodThatBreaksPodSecurityRestrictedIsRejected() throws IOException {
    List<String> problems =
        problems(
            changed(
                files(),
                "components/postgres/postgres.yaml",
                "allowPrivilegeEscalation: false",
                "allowPrivilegeEscalation: true"));

    assertThat(problems)
        .containsExactly(
            "StatefulSet/maskwatch-postgres container postgres: breaks Pod Security 'restricted'"
                + " (needs runAsNonRoot, seccompProfile RuntimeDefault, allowPrivilegeEscalation"
                + " false, capabilities.drop [ALL])");
  }

  @Test
  void aTopicWithFewerPartitionsThanItsConsumersMaxReplicasIsRejected() throws IOException {
    // The first topic in topics.yaml is frames, read by face-service (HPA up to 12).
    List<String> problems =
        problems(
            changed(files(), "components/kafka/topics.yaml", "partitions: 12", "partitions: 4"));

    assertThat(problems)
        .containsExactly(
            "files: KafkaTopic/frames: 4 partitions, but consumer group face-service"
                + " (face-service) can have 12 replicas: the extra ones would sit idle");
  }

  @Test
  void moreReplicasThanPartitionsIsRejectedToo() throws IOException {
    List<String> problems =
        problems(changed(files(), "base/mask-service.yaml", "maxReplicas: 12", "maxReplicas: 16"));

    assertThat(problems)
        .containsExactly(
            "files: KafkaTopic/faces: 12 partitions, but consumer group mask-service"
                + " (mask-service) can have 16 replicas: the extra ones would sit idle");
  }

  @Test
  void aMisspeltFieldInACustomResourceIsRejected() throws IOException {
    List<String> problems =
        problems(
            changed(files(), "components/kafka/topics.yaml", "partitions: 12", "partitons: 12"));

    assertThat(problems)
        .contains(
            "files: KafkaTopic/frames: unknown field spec.partitons",
            "files: KafkaTopic/frames: missing required field spec.partitions");
  }

  @Test
  void anUnknownTopicConfigIsRejected() throws IOException {
    List<String> problems =
        problems(
            changed(
                files(),
                "components/kafka/topics.yaml",
                "retention.ms: 21600000",
                "retention.msec: 21600000"));

    assertThat(problems)
        .contains("files: KafkaTopic/frames: spec.config.retention.msec: not a Kafka topic config");
  }

  @Test
  void aMisspeltConfigurationKeyIsRejected() throws IOException {
    List<String> problems =
        problems(
            changed(
                files(),
                "base/face-service.yaml",
                "  maskwatch.face.detector: auto",
                "  maskwatch.face.detecter: auto"));

    assertThat(problems)
        .contains(
            "ConfigMap/face-service: maskwatch.face.detecter is not a key face-service reads"
                + " (application.properties, README)",
            "Deployment/face-service: env MASKWATCH_FACE_DETECTOR refers to missing key"
                + " maskwatch.face.detector of face-service");
  }

  @Test
  void anUnknownKindIsRejected() throws IOException {
    List<String> problems =
        problems(
            changed(
                files(),
                "base/alert-service.yaml",
                "kind: PodDisruptionBudget",
                "kind: PodDisruptionBuget"));

    assertThat(problems)
        .anyMatch(
            p -> p.startsWith("files: PodDisruptionBuget/alert-service: unknown kind policy/v1"));
  }

  @Test
  void twoAutoscalersOnOneDeploymentAndAMisspeltTriggerAreRejected() throws IOException {
    Map<String, String> files = files();
    files.put(
        "components/keda/scaled-objects.yaml",
        Files.readString(Repo.k8s().resolve("components/keda/scaled-objects.yaml"))
            .replace("lagThreshold: \"100\"", "lagTreshold: \"100\""));

    List<String> problems = problems(files);

    assertThat(problems)
        .contains(
            "ScaledObject/face-service and HorizontalPodAutoscaler/face-service both scale"
                + " Deployment face-service: they would fight",
            "files: ScaledObject/face-service: unknown kafka trigger metadata lagTreshold",
            "files: ScaledObject/face-service: lagThreshold must be a whole number");
  }

  @Test
  void aScaledObjectOnTheWrongConsumerGroupIsRejected() throws IOException {
    Map<String, String> files = files();
    files.put(
        "components/keda/scaled-objects.yaml",
        Files.readString(Repo.k8s().resolve("components/keda/scaled-objects.yaml"))
            .replace("consumerGroup: face-service", "consumerGroup: faces-service"));

    assertThat(problems(files))
        .anyMatch(
            p ->
                p.startsWith(
                    "files: ScaledObject/face-service: kafka trigger on group faces-service/topic frames"));
  }

  // --- the files ---------------------------------------------------------------------------------

  /** base, the Kafka and PostgreSQL components' resources: what an overlay renders, unpatched. */
  private static Map<String, String> files() throws IOException {
    Path k8s = Repo.k8s();
    Map<String, String> files = new LinkedHashMap<>();
    try (Stream<Path> base = Files.list(k8s.resolve("base"))) {
      for (Path file : base.sorted().toList()) {
        if (!file.getFileName().toString().equals("kustomization.yaml")) {
          files.put("base/" + file.getFileName(), Files.readString(file));
        }
      }
    }
    for (String file :
        List.of(
            "components/kafka/kafka.yaml",
            "components/kafka/topics.yaml",
            "components/postgres/postgres.yaml")) {
      files.put(file, Files.readString(k8s.resolve(file)));
    }
    return files;
  }

  private static Map<String, String> changed(
      Map<String, String> files, String file, String from, String to) {
    String content = files.get(file);
    assertThat(content).as(file).contains(from);
    files.put(file, content.replaceFirst(java.util.regex.Pattern.quote(from), to));
    return files;
  }

  private static List<String> problems(Map<String, String> files) throws IOException {
    List<Manifest> docs = new ArrayList<>();
    for (String content : files.values()) {
      docs.addAll(Manifest.parseAll("files", content));
    }
    return ManifestChecker.check(services, docs);
  }
}
