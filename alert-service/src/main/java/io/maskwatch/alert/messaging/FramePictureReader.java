package io.maskwatch.alert.messaging;

import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.FramePosition;
import io.maskwatch.alert.messaging.FrameReadException.Reason;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Frame;
import io.maskwatch.events.MalformedEventException;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one frame back from Kafka by its topic, partition and offset: Kafka is the short-term frame
 * store, so a picture is there while the topic's retention keeps it and gone after.
 *
 * <p>Each read uses its own short-lived consumer (assign, seek, poll), in no consumer group, with
 * the service's {@code kafka.*} connection settings.
 */
@ApplicationScoped
public class FramePictureReader {

  private final Map<String, Object> consumerConfig;
  private final Duration timeout;
  private final AtomicLong reads = new AtomicLong();

  @Inject
  public FramePictureReader(
      @Identifier("default-kafka-broker") Map<String, Object> kafka, AlertConfig config) {
    this(kafka, config.snapshot().readTimeout());
  }

  /**
   * @param kafka the connection settings ({@code bootstrap.servers} and the like)
   * @param timeout longest wait for Kafka in one read
   */
  public FramePictureReader(Map<String, Object> kafka, Duration timeout) {
    Map<String, Object> settings = new HashMap<>(kafka);
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    this.consumerConfig = Map.copyOf(settings);
    this.timeout = timeout;
  }

  /**
   * @param frameId the frame expected at that position; another frame there means it is gone
   * @throws FrameReadException {@link Reason#GONE} when the record is no longer in Kafka, {@link
   *     Reason#UNAVAILABLE} when Kafka does not answer in time, {@link Reason#UNREADABLE} when the
   *     record is not a frame
   */
  public Frame read(FramePosition position, String frameId) {
    TopicPartition partition = new TopicPartition(position.topic(), position.partition());
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      requirePartition(consumer, partition, position);
      List<TopicPartition> assigned = List.of(partition);
      consumer.assign(assigned);
      long first = consumer.beginningOffsets(assigned, remaining(deadline)).get(partition);
      long end = consumer.endOffsets(assigned, remaining(deadline)).get(partition);
      if (position.offset() < first) {
        throw gone(position, "deleted by retention: the partition now starts at offset " + first);
      }
      if (position.offset() >= end) {
        throw gone(
            position,
            "the partition ends at offset " + end + " (was the topic deleted and recreated?)");
      }
      consumer.seek(partition, position.offset());
      while (System.nanoTime() < deadline) {
        List<ConsumerRecord<String, byte[]>> records =
            consumer.poll(remaining(deadline)).records(partition);
        if (!records.isEmpty()) {
          return frameIn(records.get(0), position, frameId);
        }
      }
      throw new FrameReadException(
          Reason.UNAVAILABLE, "Kafka did not return " + position + " within " + timeout);
    } catch (OffsetOutOfRangeException e) {
      throw gone(position, "deleted by retention while being read");
    } catch (TimeoutException e) {
      throw new FrameReadException(
          Reason.UNAVAILABLE, "Kafka did not answer within " + timeout + " reading " + position, e);
    } catch (KafkaException e) {
      throw new FrameReadException(
          Reason.UNAVAILABLE, "reading " + position + " from Kafka failed: " + e.getMessage(), e);
    }
  }

  private void requirePartition(
      KafkaConsumer<String, byte[]> consumer, TopicPartition partition, FramePosition position) {
    List<PartitionInfo> partitions = consumer.partitionsFor(partition.topic(), timeout);
    boolean exists =
        partitions != null
            && partitions.stream().anyMatch(info -> info.partition() == partition.partition());
    if (!exists) {
      throw gone(position, "Kafka has no such topic partition any more");
    }
  }

  private static Frame frameIn(
      ConsumerRecord<String, byte[]> record, FramePosition position, String frameId) {
    if (record.offset() != position.offset()) {
      throw gone(position, "no record at that offset any more");
    }
    Frame frame;
    try {
      frame = EventCodec.FRAME.decode(record.value());
    } catch (MalformedEventException e) {
      throw new FrameReadException(
          Reason.UNREADABLE, "the record at " + position + " is not a frame: " + e.getMessage(), e);
    }
    if (!frameId.equals(frame.getFrameId())) {
      throw gone(
          position,
          "it now holds frame "
              + frame.getFrameId()
              + ", not "
              + frameId
              + " (was the topic deleted and recreated?)");
    }
    return frame;
  }

  private static FrameReadException gone(FramePosition position, String why) {
    return new FrameReadException(
        Reason.GONE, "the picture of this frame is no longer in Kafka at " + position + ": " + why);
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }
}
