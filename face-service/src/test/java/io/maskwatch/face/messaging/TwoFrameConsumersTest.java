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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
      records.add(CameraStreams.frame(0, first, i, image));
      records.add(CameraStreams.frame(1, second, i, image));
    }
    CameraStreams.sendAndExpectEachCameraInOrder(
        kafka, records, List.of(first, second), FRAMES_PER_CAMERA);
    assertThat(CameraStreams.metric("maskwatch_face_detectors"))
        .as("a detector for each consumer, both busy at once")
        .isEqualTo(2.0);
  }
}
