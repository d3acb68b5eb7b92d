package io.maskwatch.ingest.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maskwatch.events.Topics;
import io.maskwatch.ingest.KafkaTestSupport;
import io.maskwatch.ingest.LogCapture;
import io.maskwatch.ingest.ServiceTopics;
import io.maskwatch.ingest.camera.CameraSpec;
import io.maskwatch.ingest.messaging.CameraEvents;
import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Camera} resources on the fabric8 mock API server (CRUD mode) synced into the {@code
 * cameras} topic of a real broker.
 */
@QuarkusTest
@TestProfile(CameraCrdSyncTest.SyncProfile.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ServiceTopics.class)
class CameraCrdSyncTest {

  static final String NAMESPACE = "maskwatch-test";

  /** The only profile with the sync on (each profile restarts Quarkus). */
  public static class SyncProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "maskwatch.ingest.kubernetes.sync-cameras",
          "true",
          "maskwatch.ingest.kubernetes.namespace",
          NAMESPACE);
    }
  }

  private static final String PASSWORD = "pw-" + UUID.randomUUID().toString().substring(0, 8);

  @Inject KubernetesClient client;

  private KafkaCompanion companion;
  private LogCapture logs;

  @BeforeEach
  void setUp() {
    companion = new KafkaCompanion(KafkaBrokerResource.bootstrapServers());
    logs = LogCapture.install();
  }

  @AfterEach
  void tearDown() {
    logs.close();
    companion.close();
  }

  private static String id() {
    return "crd-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Camera camera(String id, CameraResourceSpec spec) {
    Camera camera = new Camera();
    camera.setMetadata(new ObjectMetaBuilder().withName(id).withNamespace(NAMESPACE).build());
    camera.setSpec(spec);
    return camera;
  }

  private static CameraResourceSpec spec(String url, double fps) {
    CameraResourceSpec spec = new CameraResourceSpec();
    spec.name = "Gate";
    spec.site = "hq";
    spec.zone = "entrance";
    spec.url = url;
    spec.sampleFps = fps;
    // Not pulled: the test is about the registry, not capture.
    spec.enabled = false;
    return spec;
  }

  private CameraSpec awaitDefinition(String id, double fps) {
    ConsumerRecord<String, byte[]> record =
        KafkaTestSupport.awaitRecord(
            companion,
            Topics.CAMERAS,
            r ->
                id.equals(r.key())
                    && r.value() != null
                    && CameraEvents.decodeCamera(r.value()).sampleFps() == fps);
    return CameraEvents.decodeCamera(record.value());
  }

  @Test
  void createdModifiedDeletedWithTheUrlFromItsSecret() {
    String id = id();
    String secretUrl = "rtsp://viewer:" + PASSWORD + "@127.0.0.1:9/stream1";
    client
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("urls-" + id)
                .endMetadata()
                .addToData(
                    "gate",
                    Base64.getEncoder().encodeToString(secretUrl.getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();
    CameraResourceSpec spec = spec("rtsp://placeholder.invalid/overridden", 1.5);
    spec.urlSecretRef = new CameraResourceSpec.SecretKeyRef();
    spec.urlSecretRef.name = "urls-" + id;
    spec.urlSecretRef.key = "gate";
    client.resources(Camera.class).inNamespace(NAMESPACE).resource(camera(id, spec)).create();

    CameraSpec created = awaitDefinition(id, 1.5);
    assertThat(created.url()).isEqualTo(secretUrl);
    assertThat(created.name()).isEqualTo("Gate");
    assertThat(created.site()).isEqualTo("hq");
    assertThat(created.zone()).isEqualTo("entrance");
    assertThat(created.enabled()).isFalse();
    assertThat(created.maxWidth()).isEqualTo(CameraSpec.DEFAULT_MAX_WIDTH);

    client
        .resources(Camera.class)
        .inNamespace(NAMESPACE)
        .withName(id)
        .edit(
            c -> {
              c.getSpec().sampleFps = 4.0;
              c.getSpec().site = "annex";
              return c;
            });
    CameraSpec modified = awaitDefinition(id, 4.0);
    assertThat(modified.site()).isEqualTo("annex");
    assertThat(modified.url()).isEqualTo(secretUrl);

    client.resources(Camera.class).inNamespace(NAMESPACE).withName(id).delete();
    ConsumerRecord<String, byte[]> tombstone =
        KafkaTestSupport.awaitRecord(
            companion, Topics.CAMERAS, r -> id.equals(r.key()) && r.value() == null);
    assertThat(tombstone.value()).isNull();

    assertThat(logs.lines()).anyMatch(l -> l.contains(id)).noneMatch(l -> l.contains(PASSWORD));
  }

  @Test
  void anInvalidResourceIsSkippedWithItsErrorInTheStatus() {
    String bad = id();
    String good = id();
    client
        .resources(Camera.class)
        .inNamespace(NAMESPACE)
        .resource(camera(bad, spec("ftp://user:" + PASSWORD + "@127.0.0.1/cam", 2.0)))
        .create();
    // Events are handled in order: once the later, valid camera is in the topic, the invalid one
    // has been handled.
    client
        .resources(Camera.class)
        .inNamespace(NAMESPACE)
        .resource(camera(good, spec("http://127.0.0.1:9/snapshot.jpg", 2.0)))
        .create();
    awaitDefinition(good, 2.0);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Camera stored =
                  client.resources(Camera.class).inNamespace(NAMESPACE).withName(bad).get();
              assertThat(stored.getStatus()).isNotNull();
              assertThat(stored.getStatus().lastError).startsWith("url:").contains("'ftp:'");
            });
    assertThat(
            client
                .resources(Camera.class)
                .inNamespace(NAMESPACE)
                .withName(bad)
                .get()
                .getStatus()
                .lastError)
        .doesNotContain(PASSWORD);

    ConsumerTask<String, byte[]> all =
        companion
            .consume(String.class, byte[].class)
            .withGroupId("test-" + UUID.randomUUID())
            .withProp(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
            .fromTopics(Set.of(Topics.CAMERAS));
    try {
      await()
          .atMost(KafkaTestSupport.DEADLINE)
          .until(() -> all.getRecords().stream().anyMatch(r -> good.equals(r.key())));
      assertThat(all.getRecords()).noneMatch(r -> bad.equals(r.key()));
    } finally {
      all.stop();
    }
    assertThat(logs.lines())
        .anyMatch(l -> l.contains(bad) && l.contains("skipped"))
        .noneMatch(l -> l.contains(PASSWORD));
  }
}
