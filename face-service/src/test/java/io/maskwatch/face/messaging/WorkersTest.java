package io.maskwatch.face.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.events.EventCodec;
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
 * {@code maskwatch.face.workers=2} with one consumer, on a real broker: frames of four cameras that
 * all sit on one partition are searched by both workers side by side (each on a detector of its
 * own), and each camera's Faces still come out in the order its frames went in.
 */
@QuarkusTest
@TestProfile(WorkersTest.TwoWorkers.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class WorkersTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int CAMERAS = 4;
  private static final int FRAMES_PER_CAMERA = 10;

  private static KafkaCompanion kafka;

  public static class TwoWorkers implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("maskwatch.face.workers", "2");
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
  void oneConsumersFramesAreSearchedByBothWorkersAndEachCameraStaysInOrder() {
    List<String> cameras = new ArrayList<>();
    for (int c = 0; c < CAMERAS; c++) {
      cameras.add("cam-" + UUID.randomUUID());
    }
    byte[] image = Scenes.scene(502).bytes();
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = 0; i < FRAMES_PER_CAMERA; i++) {
      for (String camera : cameras) {
        // Every camera on partition 0: one consumer's partition, which only workers can share.
        records.add(
            new ProducerRecord<>(
                Topics.FRAMES,
                0,
                camera,
                Frames.encode(Frames.frame(camera + "-" + i, camera, image))));
      }
    }
    kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion(WAIT);

    List<ConsumerRecord<String, byte[]>> faces =
        kafka
            .consume(String.class, byte[].class)
            .withGroupId("test-" + UUID.randomUUID())
            .withOffsetReset(OffsetResetStrategy.EARLIEST)
            .fromTopics(Topics.FACES, m -> m.filter(r -> cameras.contains(r.key())))
            .awaitRecords(CAMERAS * FRAMES_PER_CAMERA, WAIT)
            .getRecords();

    for (String camera : cameras) {
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
        .as("a detector for each worker, both busy at once")
        .isEqualTo(2.0);
    assertThat(framesInFlightOnceSettled()).as("nothing left in flight").isZero();
  }

  /**
   * The in-flight gauge, read until it is 0 or 5 s have passed (a task ends just after it sends).
   */
  private static double framesInFlightOnceSettled() {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    double inFlight = metric("maskwatch_face_frames_in_flight");
    while (inFlight > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      inFlight = metric("maskwatch_face_frames_in_flight");
    }
    return inFlight;
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
