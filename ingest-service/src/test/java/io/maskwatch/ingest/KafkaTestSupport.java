package io.maskwatch.ingest;

import io.maskwatch.events.BoundingBox;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.FaceVerdict;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.ModelInfo;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import io.maskwatch.testing.KafkaBrokerResource;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reading and writing the service's topics in tests, with real payloads. */
public final class KafkaTestSupport {

  public static final Duration DEADLINE = Duration.ofSeconds(30);

  private KafkaTestSupport() {}

  /**
   * The first record of a topic, read from its beginning, that matches; fails after the deadline.
   */
  public static ConsumerRecord<String, byte[]> awaitRecord(
      KafkaCompanion companion, String topic, Predicate<ConsumerRecord<String, byte[]>> matches) {
    ConsumerTask<String, byte[]> task =
        companion
            .consume(String.class, byte[].class)
            .withGroupId("test-" + UUID.randomUUID())
            .withProp(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
            .fromTopics(Set.of(topic), records -> records.filter(matches).select().first());
    try {
      task.awaitCompletion(DEADLINE);
      return task.getFirstRecord();
    } finally {
      task.stop();
    }
  }

  /** The frame published for an upload. */
  public static ConsumerRecord<String, byte[]> awaitFrame(
      KafkaCompanion companion, String uploadId) {
    return awaitRecord(
        companion,
        Topics.FRAMES,
        r -> uploadId.equals(EventCodec.FRAME.decode(r.value()).getUploadId()));
  }

  /** Every record of a topic, from its beginning to its end as it is now. */
  public static List<ConsumerRecord<String, byte[]>> readToEnd(String topic) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.bootstrapServers(),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                16 << 20),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, DEADLINE).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end within " + DEADLINE);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** Writes a record and waits until Kafka has it. */
  public static void produce(KafkaCompanion companion, String topic, String key, byte[] value) {
    companion
        .produce(String.class, byte[].class)
        .fromRecords(new ProducerRecord<>(topic, key, value))
        .awaitCompletion(DEADLINE);
  }

  /**
   * Verdicts for an upload as mask-service writes them: one unmasked face and one worn incorrectly.
   */
  public static Verdicts uploadVerdicts(String uploadId, String frameId) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return Verdicts.newBuilder()
        .setFrameId(frameId)
        .setCameraId(Uploads.CAMERA_ID)
        .setSource(FrameSource.upload)
        .setCapturedAt(now.minusMillis(120))
        .setFrame(
            FrameRef.newBuilder().setTopic(Topics.FRAMES).setPartition(1).setOffset(7).build())
        .setFrameWidth(512)
        .setFrameHeight(366)
        .setUploadId(uploadId)
        .setDetector("yunet")
        .setModel(
            ModelInfo.newBuilder()
                .setName("mask-classifier")
                .setVersion("3")
                .setSha256("5f1c0e2a")
                .build())
        .setClassifiedAt(now)
        .setVerdicts(
            List.of(
                FaceVerdict.newBuilder()
                    .setIndex(0)
                    .setBox(box(40, 60, 32, 36))
                    .setDetectorScore(0.93f)
                    .setLabel(FaceLabel.without_mask)
                    .setConfidence(0.875f)
                    .setScores(
                        Map.of(
                            "with_mask", 0.1f,
                            "without_mask", 0.875f,
                            "mask_weared_incorrect", 0.025f))
                    .build(),
                FaceVerdict.newBuilder()
                    .setIndex(1)
                    .setBox(box(300, 80, 28, 30))
                    .setDetectorScore(0.81f)
                    .setLabel(FaceLabel.mask_weared_incorrect)
                    .setConfidence(0.625f)
                    .setScores(Map.of())
                    .build()))
        .build();
  }

  private static BoundingBox box(int x, int y, int width, int height) {
    return BoundingBox.newBuilder().setX(x).setY(y).setWidth(width).setHeight(height).build();
  }
}
