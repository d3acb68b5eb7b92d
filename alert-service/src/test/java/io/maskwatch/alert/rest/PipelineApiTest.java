package io.maskwatch.alert.rest;

import static io.maskwatch.alert.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.maskwatch.events.Topics;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/pipeline} outside a cluster: the stages' consumers and lag from the real broker; the
 * scale control answers 409 there. (The cluster side: kubernetes.PipelineScaleTest.)
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class PipelineApiTest {

  @Test
  void lagAndInstancesComeFromKafka() throws Exception {
    // mask-service does not run here: its group is set at the end of faces, then 5 more faces
    // arrive, so its lag is exactly 5.
    try (KafkaCompanion kafka = new KafkaCompanion(KafkaBrokerResource.bootstrapServers());
        Admin admin =
            Admin.create(
                Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    KafkaBrokerResource.bootstrapServers()))) {
      produce(kafka, 3);
      TopicDescription faces =
          admin.describeTopics(Set.of(Topics.FACES)).allTopicNames().get().get(Topics.FACES);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      faces
          .partitions()
          .forEach(
              p ->
                  latest.put(new TopicPartition(Topics.FACES, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, OffsetAndMetadata> atEnd = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach((partition, info) -> atEnd.put(partition, new OffsetAndMetadata(info.offset())));
      admin.alterConsumerGroupOffsets("mask-service", atEnd).all().get();
      produce(kafka, 5);
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonPath page =
                  as("viewer").get("/api/pipeline").then().statusCode(200).extract().jsonPath();
              assertThat(page.getString("mode")).isEqualTo("local");
              assertThat(lag(page, Topics.FACES, "mask-service")).isEqualTo(5);
              // This very service reads verdicts as group alert-service: one instance at least.
              Map<String, Object> alert = service(page, "alert-service");
              assertThat((List<?>) alert.get("instances")).isNotEmpty();
              assertThat(((Number) alert.get("ready")).intValue()).isGreaterThanOrEqualTo(1);
              assertThat((List<?>) service(page, "mask-service").get("instances")).isEmpty();
            });
    JsonPath again = as("viewer").get("/api/pipeline").then().extract().jsonPath();
    assertThat(again.getList("throughput.service"))
        .containsExactly("face-service", "mask-service", "alert-service");
    assertThat(again.getList("throughput.perSecond")).doesNotContainNull();
  }

  @Test
  void theScaleControlNeedsAClusterAnAdminAndAKnownService() {
    as("admin")
        .contentType(ContentType.JSON)
        .body(Map.of("service", "mask-service", "replicas", 3))
        .post("/api/pipeline/scale")
        .then()
        .statusCode(409)
        .body("error", containsString("not running in a Kubernetes cluster"));
    as("operator")
        .contentType(ContentType.JSON)
        .body(Map.of("service", "mask-service", "replicas", 3))
        .post("/api/pipeline/scale")
        .then()
        .statusCode(403);
    as("viewer")
        .contentType(ContentType.JSON)
        .body(Map.of("service", "mask-service", "replicas", 3))
        .post("/api/pipeline/scale")
        .then()
        .statusCode(403);
    as("admin")
        .contentType(ContentType.JSON)
        .body(Map.of("service", "alert-service", "replicas", 3))
        .post("/api/pipeline/scale")
        .then()
        .statusCode(400)
        .body("error", containsString("face-service, mask-service"));
    as("admin")
        .contentType(ContentType.JSON)
        .body(Map.of("service", "face-service", "replicas", 500))
        .post("/api/pipeline/scale")
        .then()
        .statusCode(400)
        .body("status", is(400));
  }

  private static void produce(KafkaCompanion kafka, int count) {
    for (int i = 0; i < count; i++) {
      kafka
          .produce(String.class, byte[].class)
          .fromRecords(
              new ProducerRecord<>(Topics.FACES, "cam-" + UUID.randomUUID(), new byte[] {1, 2, 3}))
          .awaitCompletion();
    }
  }

  private static long lag(JsonPath page, String topic, String group) {
    return page.<Map<String, Object>>getList("lag").stream()
        .filter(l -> topic.equals(l.get("topic")) && group.equals(l.get("group")))
        .map(l -> ((Number) l.get("lag")).longValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no lag of " + group + " on " + topic));
  }

  private static Map<String, Object> service(JsonPath page, String name) {
    return page.<Map<String, Object>>getList("services").stream()
        .filter(s -> name.equals(s.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no service " + name));
  }
}
