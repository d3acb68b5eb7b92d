package io.maskwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-compose.yml parsed and held to {@link ComposeChecker}; and that the checker can fail. */
class ComposeFileTest {

  private static Path root;
  private static Map<String, ServiceConfig> services;
  private static String compose;

  @BeforeAll
  static void load() throws IOException {
    root = Repo.root();
    services = ServiceConfig.loadAll(root);
    compose = Files.readString(root.resolve("docker-compose.yml"));
  }

  @Test
  void composeFileMatchesTheServicesConfiguration() throws IOException {
    assertThat(ComposeChecker.check(root, services, compose)).isEmpty();
  }

  @Test
  void aMisspeltEnvironmentKeyIsRejected() throws IOException {
    String bad = compose.replace("MASKWATCH_FACE_DETECTOR:", "MASKWATCH_FACE_DETECTER:");

    assertThat(ComposeChecker.check(root, services, bad))
        .containsExactly(
            "face-service: environment MASKWATCH_FACE_DETECTER is no configuration key of face-service");
  }

  @Test
  void aWrongPortAHealthCheckElsewhereAndAMissingTopicAreRejected() throws IOException {
    String bad =
        compose
            .replace("\"8083:8083\"", "\"8083:8093\"")
            .replace("http://localhost:8084/q/health/ready", "http://localhost:8084/q/health/live")
            .replace("for topic in faces verdicts", "for topic in verdicts");

    assertThat(ComposeChecker.check(root, services, bad))
        .containsExactlyInAnyOrder(
            "mask-service: does not publish its port 8083 (quarkus.http.port)",
            "alert-service: healthcheck must GET http://localhost:8084/q/health/ready",
            "kafka-topics does not create faces, which face-service uses",
            "kafka-topics does not create faces, which mask-service uses");
  }

  @Test
  void aBootstrapAddressKafkaDoesNotAdvertiseIsRejected() throws IOException {
    String bad =
        compose.replaceFirst(
            "KAFKA_BOOTSTRAP_SERVERS: kafka:9092", "KAFKA_BOOTSTRAP_SERVERS: localhost:9092");

    assertThat(ComposeChecker.check(root, services, bad))
        .singleElement()
        .asString()
        .startsWith("ingest-service: KAFKA_BOOTSTRAP_SERVERS 'localhost:9092' is not a listener");
  }
}
