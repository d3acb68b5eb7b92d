package io.maskwatch.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.ingest.KafkaTestSupport;
import io.maskwatch.ingest.ServiceTopics;
import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@link VerdictsReplay} on a plain consumer of a real broker (the service's broker, in its test
 * JVM): where reading starts once partitions are assigned.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ServiceTopics.class)
class VerdictsReplayTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void readsWhatWasWrittenWithinTheLookbackAndNothingOlder() {
    String topic = "replay-" + UUID.randomUUID();
    long now = System.currentTimeMillis();
    long twoHoursAgo = now - Duration.ofHours(2).toMillis();
    try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
      kafka.topics().createAndWait(topic, 2);
      kafka
          .produce(String.class, String.class)
          .fromRecords(
              new ProducerRecord<>(topic, 0, twoHoursAgo, "k", "old-0"),
              new ProducerRecord<>(topic, 0, now - 60_000, "k", "recent-0"),
              new ProducerRecord<>(topic, 1, twoHoursAgo, "k", "old-1"))
          .awaitCompletion(KafkaTestSupport.DEADLINE);

      List<String> read = new ArrayList<>();
      VerdictsReplay replay = new VerdictsReplay(Duration.ofHours(1));
      try (KafkaConsumer<String, String> consumer = consumer()) {
        consumer.subscribe(
            List.of(topic),
            new ConsumerRebalanceListener() {
              @Override
              public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                replay.onPartitionsAssigned(consumer, partitions);
              }

              @Override
              public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
            });
        pollUntil(consumer, read, "recent-0");

        // Partition 1 had nothing recent: reading starts at its end, so what comes next is read.
        kafka
            .produce(String.class, String.class)
            .fromRecords(new ProducerRecord<>(topic, 1, "k", "new-1"))
            .awaitCompletion(KafkaTestSupport.DEADLINE);
        pollUntil(consumer, read, "new-1");
      }
      assertThat(read).containsExactlyInAnyOrder("recent-0", "new-1");
    }
  }

  private KafkaConsumer<String, String> consumer() {
    // "earliest" would read the old records if the listener did not move the consumer.
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            "replay-test-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false"),
        new StringDeserializer(),
        new StringDeserializer());
  }

  private static void pollUntil(
      KafkaConsumer<String, String> consumer, List<String> read, String expected) {
    await()
        .atMost(KafkaTestSupport.DEADLINE)
        .until(
            () -> {
              for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                read.add(record.value());
              }
              return read.contains(expected);
            });
  }
}
