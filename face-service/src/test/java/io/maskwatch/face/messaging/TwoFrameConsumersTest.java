package io.maskwatch.face.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Frame;
import io.maskwatch.events.Topics;
import io.maskwatch.face.testing.Frames;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.vision.testing.Scenes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mp.messaging.incoming.frames.concurrency=2} on a real broker: two consumers in one replica
 * search frames side by side, each on a detector of its own, and each camera's frames still come
 * out in the order they went in.
 */
@QuarkusTest
@TestProfile(TwoFrameConsumersTest.TwoConsumers.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class TwoFrameConsumersTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int FRAMES_PER_CAMERA = 12;

  private static KafkaCompanion kafka;

  public static class TwoConsumers implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("mp.messaging.incoming.frames.concurrency", "2");
    }
  }

  @BeforeAll
  static void connect() {
    kafka = new KafkaCompanion(KafkaBrokerResource.bootstrapServers());
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
  }

  @Test
  void twoConsumersSearchFramesSideBySideAndKeepEachCamerasFramesInOrder() {
    String first = "cam-" + UUID.randomUUID();
    String second = "cam-" + UUID.randomUUID();
    byte[] image = Scenes.scene(502).bytes();
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = 0; i < FRAMES_PER_CAMERA; i++) {
      // One camera on each partition of the test broker's two: one consumer each.
      records.add(record(0, first, Frames.frame(first + "-" + i, first, image)));
      records.add(record(1, second, Frames.frame(second + "-" + i, second, image)));
    }
    kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion(WAIT);

    List<ConsumerRecord<String, byte[]>> faces =
        kafka
            .consume(String.class, byte[].class)
            .withGroupId("test-" + UUID.randomUUID())
            .withOffsetReset(OffsetResetStrategy.EARLIEST)
            .fromTopics(
                Topics.FACES, m -> m.filter(r -> first.equals(r.key()) || second.equals(r.key())))
            .awaitRecords(2 * FRAMES_PER_CAMERA, WAIT)
            .getRecords();

    for (String camera : List.of(first, second)) {
      List<String> order =
          faces.stream()
              .filter(r -> camera.equals(r.key()))
              .map(r -> Frames.decode(EventCodec.FACES, r.value()).getFrameId())
              .toList();
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < FRAMES_PER_CAMERA; i++) {
        sent.add(camera + "-" + i);
      }
      assertThat(order).as("frames of %s in the order they were sent", camera).isEqualTo(sent);
    }
    assertThat(metric("maskwatch_face_detectors"))
        .as("a detector for each consumer, both busy at once")
        .isEqualTo(2.0);
  }

  private static ProducerRecord<String, byte[]> record(int partition, String key, Frame frame) {
    return new ProducerRecord<>(Topics.FRAMES, partition, key, Frames.encode(frame));
  }

  private static double metric(String name) {
    String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }
}
