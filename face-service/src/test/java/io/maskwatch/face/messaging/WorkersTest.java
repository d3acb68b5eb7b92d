package io.maskwatch.face.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.face.testing.CameraStreams;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.vision.testing.Scenes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

  private static final int CAMERAS = 4;
  private static final int FRAMES_PER_CAMERA = 10;

  private static KafkaCompanion kafka;

  @Inject FrameProcessor processor;

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
        records.add(CameraStreams.frame(0, camera, i, image));
      }
    }
    CameraStreams.sendAndExpectEachCameraInOrder(kafka, records, cameras, FRAMES_PER_CAMERA);

    assertThat(CameraStreams.metric("maskwatch_face_detectors"))
        .as("a detector for each worker, both busy at once")
        .isEqualTo(2.0);
    assertThat(framesInFlightOnceSettled()).as("nothing left in flight").isZero();
    // 40 frames were waiting in Kafka; the consumer took the next one only when fewer than two
    // per worker were in flight.
    assertThat(processor.peakFramesInFlight()).isBetween(2, 2 * 2 + 1);
  }

  /**
   * The in-flight gauge, read until it is 0 or 5 s have passed (a task ends just after it sends).
   */
  private static double framesInFlightOnceSettled() {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    double inFlight = CameraStreams.metric("maskwatch_face_frames_in_flight");
    while (inFlight > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      inFlight = CameraStreams.metric("maskwatch_face_frames_in_flight");
    }
    return inFlight;
  }
}
