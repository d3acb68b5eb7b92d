package io.maskwatch.mask.messaging;

import io.maskwatch.events.BoundingBox;
import io.maskwatch.events.DetectedFace;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Faces;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import io.maskwatch.testing.KafkaBrokerResource;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The service seen from Kafka: Faces in, Verdicts and dead letters out, on the test broker. */
final class Pipeline {

  static final Duration WAIT = Duration.ofSeconds(60);

  private final KafkaCompanion companion =
      new KafkaCompanion(KafkaBrokerResource.bootstrapServers());

  /** A Faces message for the given crops, one face per crop with its index and a box. */
  static Faces faces(String cameraId, String frameId, List<byte[]> crops) {
    List<DetectedFace> detected = new ArrayList<>();
    for (int i = 0; i < crops.size(); i++) {
      detected.add(
          new DetectedFace(
              i,
              new BoundingBox(10 + 70 * i, 20, 64, 64),
              0.5f + i / 100f,
              List.of(),
              ByteBuffer.wrap(crops.get(i))));
    }
    Instant captured = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return Faces.newBuilder()
        .setFrameId(frameId)
        .setCameraId(cameraId)
        .setSource(FrameSource.camera)
        .setCapturedAt(captured)
        .setFrame(new FrameRef(Topics.FRAMES, 1, 1234L))
        .setFrameWidth(1280)
        .setFrameHeight(720)
        .setUploadId(null)
        .setDetector("yunet")
        .setDetectedAt(captured.plusMillis(25))
        .setFaces(detected)
        .build();
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  void send(Faces faces) {
    send(faces.getCameraId(), EventCodec.FACES.encode(faces));
  }

  void send(String key, byte[] value) {
    companion
        .produce(String.class, byte[].class)
        .fromRecords(new ProducerRecord<>(Topics.FACES, key, value))
        .awaitCompletion(WAIT);
  }

  /** The first {@code count} verdicts records that match, from the start of the topic. */
  List<ConsumerRecord<String, byte[]>> verdicts(
      int count, Predicate<ConsumerRecord<String, byte[]>> match) {
    return await(Topics.VERDICTS, count, match);
  }

  /** The first {@code count} verdicts whose key is {@code cameraId}, decoded. */
  List<Verdicts> verdictsOf(String cameraId, int count) {
    return verdicts(count, r -> cameraId.equals(r.key())).stream()
        .map(r -> EventCodec.VERDICTS.decode(r.value()))
        .toList();
  }

  /** The first {@code count} dead letters whose key is {@code key}. */
  List<ConsumerRecord<String, byte[]>> deadLetters(String key, int count) {
    return await(Topics.DEAD_LETTERS, count, r -> key.equals(r.key()));
  }

  private List<ConsumerRecord<String, byte[]>> await(
      String topic, int count, Predicate<ConsumerRecord<String, byte[]>> match) {
    try (var task =
        companion
            .consume(String.class, byte[].class)
            .withGroupId(unique("test"))
            .withProp("auto.offset.reset", "earliest")
            .fromTopics(topic, records -> records.select().where(match).select().first(count))) {
      return task.awaitRecords(count, WAIT).getRecords();
    }
  }

  static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null
        ? null
        : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
