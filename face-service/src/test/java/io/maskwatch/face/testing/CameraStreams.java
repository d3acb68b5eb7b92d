package io.maskwatch.face.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Topics;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Several cameras' frames through face-service on a real broker: send them, read their Faces back,
 * check each camera's order; and the service's metrics.
 */
public final class CameraStreams {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private CameraStreams() {}

  /** Frame {@code <camera>-<i>} of each camera, camera by camera within each i, on a partition. */
  public static ProducerRecord<String, byte[]> frame(
      int partition, String camera, int index, byte[] image) {
    return new ProducerRecord<>(
        Topics.FRAMES,
        partition,
        camera,
        Frames.encode(Frames.frame(camera + "-" + index, camera, image)));
  }

  /**
   * Sends the records, waits for a Faces message for each, and checks that every camera's Faces
   * came out in the order of its frames {@code <camera>-0 … <camera>-(framesPerCamera-1)}.
   */
  public static void sendAndExpectEachCameraInOrder(
      KafkaCompanion kafka,
      List<ProducerRecord<String, byte[]>> records,
      List<String> cameras,
      int framesPerCamera) {
    kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion(WAIT);
    List<ConsumerRecord<String, byte[]>> faces =
        kafka
            .consume(String.class, byte[].class)
            .withGroupId("test-" + UUID.randomUUID())
            .withOffsetReset(OffsetResetStrategy.EARLIEST)
            .fromTopics(Topics.FACES, m -> m.filter(r -> cameras.contains(r.key())))
            .awaitRecords(cameras.size() * framesPerCamera, WAIT)
            .getRecords();
    for (String camera : cameras) {
      List<String> order =
          faces.stream()
              .filter(r -> camera.equals(r.key()))
              .map(r -> Frames.decode(EventCodec.FACES, r.value()).getFrameId())
              .toList();
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < framesPerCamera; i++) {
        sent.add(camera + "-" + i);
      }
      assertThat(order).as("frames of %s in the order they were sent", camera).isEqualTo(sent);
    }
  }

  /** The service's Prometheus text. */
  public static String metrics() {
    return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  /** The sum of every series of a metric (all its tags). */
  public static double metric(String name) {
    Matcher m =
        Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics());
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }
}
