package io.maskwatch.alert;

import static io.maskwatch.alert.support.Api.given;
import static io.maskwatch.alert.support.Pipeline.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.maskwatch.alert.support.Pipeline;
import io.maskwatch.alert.support.PostgresOutage;
import io.maskwatch.alert.support.VocScene;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.Topics;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away for a while (the real server stopped, then started again on its port and
 * data directory) while verdicts with violations keep coming, on a real broker: nothing is
 * dead-lettered, the group's committed offset waits before them, readiness is DOWN and liveness UP
 * meanwhile, and once the database is back every frame is stored and each alert published once.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class DatabaseOutageTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final int DURING_OUTAGE = 5;

  /** Long enough for the connector to have committed (every 5 s) what it could. */
  private static final Duration OUTAGE = Duration.ofSeconds(12);

  private static Pipeline pipeline;

  @BeforeAll
  static void connect() {
    pipeline = new Pipeline();
  }

  @AfterAll
  static void disconnect() {
    pipeline.close();
  }

  @Test
  void verdictsWaitUnacknowledgedWhileTheDatabaseIsDownAndAreAllStoredOnceItIsBack()
      throws Exception {
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    VocScene.Face unmasked = scene.face("without_mask");
    String camera = Pipeline.newCamera("outage");
    PostgresOutage postgres = PostgresOutage.of(jdbcUrl(), user(), password());

    // Before: one frame stored and its alert published, so the service is warm.
    Frame before = Pipeline.upload(camera, scene);
    publish(before, unmasked);
    awaitStored(before);
    assertThat(metric("maskwatch_store_unavailable")).isZero();
    double rejected = metric("maskwatch_verdicts_rejected_total");

    List<Frame> during = new ArrayList<>();
    long firstOffset;
    TopicPartition partition;
    long stoppedAt = System.nanoTime();
    postgres.stop();
    try {
      RecordMetadata first = null;
      for (int i = 0; i < DURING_OUTAGE; i++) {
        Frame frame = Pipeline.upload(camera, scene);
        RecordMetadata written = publish(frame, unmasked);
        first = first == null ? written : first;
        during.add(frame);
      }
      firstOffset = first.offset();
      partition = new TopicPartition(first.topic(), first.partition());

      // The service knows it waits for the database: not ready, still alive.
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> assertThat(metric("maskwatch_store_unavailable")).isEqualTo(1.0));
      RestAssured.get("/q/health/ready")
          .then()
          .statusCode(503)
          .body(
              "checks.find { it.name == 'Database connections health check' }.status", is("DOWN"));
      RestAssured.get("/q/health/live")
          .then()
          .statusCode(200)
          .body("checks.find { it.name == 'verdicts consumer' }.status", is("UP"));

      Duration left = OUTAGE.minusNanos(System.nanoTime() - stoppedAt);
      if (!left.isNegative()) {
        Thread.sleep(left.toMillis());
      }
      // Nothing the service could not store was committed past.
      assertThat(committed(partition))
          .as("offset committed on %s while the database is down", partition)
          .isLessThanOrEqualTo(firstOffset);
      assertThat(metric("maskwatch_store_unavailable")).isEqualTo(1.0);
    } finally {
      postgres.start();
    }

    // Back: every frame stored, each alert stored once and published once, nothing dead-lettered.
    for (Frame frame : during) {
      awaitStored(frame);
    }
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> RestAssured.get("/q/health/ready").then().statusCode(200));
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(committed(partition)).isGreaterThan(firstOffset));
    assertThat(metric("maskwatch_store_unavailable")).isZero();
    assertThat(metric("maskwatch_store_outages_total")).isGreaterThanOrEqualTo(1.0);
    assertThat(metric("maskwatch_store_unavailable_seconds_total")).isGreaterThan(1.0);
    assertThat(metric("maskwatch_verdicts_rejected_total")).isEqualTo(rejected);

    Map<String, String> stored = alertIdsByFrame(camera);
    assertThat(stored).hasSize(DURING_OUTAGE + 1);
    for (Frame frame : during) {
      assertThat(stored).containsKey(frame.getFrameId());
    }
    try (ConsumerTask<String, byte[]> published =
        pipeline.consume(Topics.ALERTS, record -> camera.equals(record.key()))) {
      published.awaitRecords(DURING_OUTAGE + 1, PATIENCE);
      // Any repeat would have been published right after its first copy.
      Thread.sleep(3000);
      List<String> ids = new ArrayList<>();
      published
          .getRecords()
          .forEach(
              record -> ids.add(Pipeline.decode(EventCodec.ALERT, record.value()).getAlertId()));
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(new HashSet<>(ids)).isEqualTo(new HashSet<>(stored.values()));
    }
    try (ConsumerTask<String, byte[]> dead =
        pipeline.consume(Topics.DEAD_LETTERS, record -> camera.equals(record.key()))) {
      Thread.sleep(3000);
      assertThat(dead.getRecords()).as("dead letters of camera %s", camera).isEmpty();
    }
  }

  private static RecordMetadata publish(Frame frame, VocScene.Face face) {
    FrameRef ref = pipeline.publishFrame(frame);
    byte[] verdicts =
        EventCodec.VERDICTS.encode(
            Pipeline.verdicts(
                frame, ref, List.of(verdict(0, face, FaceLabel.without_mask, 0.95f))));
    return pipeline
        .kafka()
        .produce(String.class, byte[].class)
        .fromRecords(new ProducerRecord<>(Topics.VERDICTS, frame.getCameraId(), verdicts))
        .awaitCompletion()
        .getFirstRecord();
  }

  private static void awaitStored(Frame frame) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> given().get("/api/frames/{id}", frame.getFrameId()).then().statusCode(200));
  }

  /** The offset the service's group committed on the partition (-1: none yet). */
  private static long committed(TopicPartition partition) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets("alert-service").partitionsToOffsetAndMetadata().get();
      OffsetAndMetadata offset = offsets.get(partition);
      return offset == null ? -1 : offset.offset();
    }
  }

  /** Frame id to alert id of the camera's alert rows, read from the database. */
  private static Map<String, String> alertIdsByFrame(String camera) throws Exception {
    Map<String, String> ids = new java.util.HashMap<>();
    Set<String> frames = new HashSet<>();
    try (Connection connection = DriverManager.getConnection(jdbcUrl(), user(), password());
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT frame_id, alert_id FROM alerts WHERE camera_id = ?")) {
      select.setString(1, camera);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          assertThat(frames.add(rows.getString(1))).as("one alert per frame").isTrue();
          ids.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return ids;
  }

  /** A sample of {@code /q/metrics} without labels, 0 when absent. */
  private static double metric(String name) {
    String body = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    for (String line : body.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    return 0;
  }

  private static String jdbcUrl() {
    return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
  }

  private static String user() {
    return ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
  }

  private static String password() {
    return ConfigProvider.getConfig().getValue("quarkus.datasource.password", String.class);
  }
}
