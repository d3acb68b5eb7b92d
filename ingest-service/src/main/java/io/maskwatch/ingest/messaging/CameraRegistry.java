package io.maskwatch.ingest.messaging;

import io.maskwatch.events.MalformedEventException;
import io.maskwatch.ingest.camera.CameraSpec;
import io.maskwatch.ingest.messaging.CameraEvents.ReportedStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Every replica's view of all cameras and their last reported status: it reads all of the compacted
 * {@code cameras} topic from the beginning and {@code camera-status} from a little while back (no
 * consumer group), and writes definitions and tombstones. A replica sees its own writes at once.
 */
public final class CameraRegistry implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(CameraRegistry.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Producer<String, byte[]> producer;
  private final String camerasTopic;
  private final String statusTopic;
  private final Duration statusLookback;
  private final Duration writeTimeout;
  private final Map<String, CameraSpec> cameras = new ConcurrentHashMap<>();
  private final Map<String, ReportedStatus> statuses = new ConcurrentHashMap<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean closing;

  public CameraRegistry(
      Map<String, Object> consumerConfig,
      Producer<String, byte[]> producer,
      String camerasTopic,
      String statusTopic,
      Duration statusLookback,
      Duration writeTimeout) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    this.producer = producer;
    this.camerasTopic = camerasTopic;
    this.statusTopic = statusTopic;
    this.statusLookback = statusLookback;
    this.writeTimeout = writeTimeout;
    this.thread = new Thread(this::run, "camera-registry");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Waits until the definitions written before the start have been read. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  public Optional<CameraSpec> get(String id) {
    return Optional.ofNullable(cameras.get(id));
  }

  public List<CameraSpec> list() {
    List<CameraSpec> all = new ArrayList<>(cameras.values());
    all.sort(Comparator.comparing(CameraSpec::id));
    return all;
  }

  /** The last status reported by whichever replica pulls the camera. */
  public Optional<ReportedStatus> status(String id) {
    return Optional.ofNullable(statuses.get(id));
  }

  /**
   * Writes a definition and waits for Kafka's acknowledgement.
   *
   * @throws RegistryUnavailableException when Kafka does not take it in time
   */
  public void put(CameraSpec camera) {
    write(camera.id(), CameraEvents.encode(camera));
    cameras.put(camera.id(), camera);
  }

  /** Writes the tombstone of a camera. */
  public void delete(String id) {
    write(id, null);
    cameras.remove(id);
    statuses.remove(id);
  }

  private void write(String id, byte[] value) {
    try {
      producer
          .send(new ProducerRecord<>(camerasTopic, id, value))
          .get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("interrupted while writing the camera", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new RegistryUnavailableException(
          "Kafka did not take the camera within " + writeTimeout.toSeconds() + " s: " + cause, e);
    }
  }

  private void run() {
    try {
      List<TopicPartition> definitions = partitions(camerasTopic);
      List<TopicPartition> reports = partitions(statusTopic);
      List<TopicPartition> all = new ArrayList<>(definitions);
      all.addAll(reports);
      consumer.assign(all);
      consumer.seekToBeginning(definitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(definitions);
      seekStatuses(reports);
      while (!closing) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          apply(record);
        }
        if (caughtUp.getCount() > 0
            && ends.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          caughtUp.countDown();
          LOG.infof("cameras: registry read, %d camera(s)", cameras.size());
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.errorf(e, "cameras: the registry's consumer failed");
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private List<TopicPartition> partitions(String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : infos) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    return partitions;
  }

  private void seekStatuses(List<TopicPartition> reports) {
    Map<TopicPartition, Long> since = new HashMap<>();
    long from = Instant.now().minus(statusLookback).toEpochMilli();
    reports.forEach(p -> since.put(p, from));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(since);
    Map<TopicPartition, Long> ends = consumer.endOffsets(reports);
    for (TopicPartition partition : reports) {
      OffsetAndTimestamp first = found.get(partition);
      consumer.seek(partition, first != null ? first.offset() : ends.get(partition));
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    try {
      if (record.topic().equals(camerasTopic)) {
        if (record.value() == null) {
          cameras.remove(record.key());
          statuses.remove(record.key());
        } else {
          CameraSpec camera = CameraEvents.decodeCamera(record.value());
          cameras.merge(
              camera.id(),
              camera,
              (old, now) -> now.updatedAt().isBefore(old.updatedAt()) ? old : now);
        }
      } else if (record.value() != null) {
        ReportedStatus status = CameraEvents.decodeStatus(record.value());
        statuses.merge(
            record.key(),
            status,
            (old, now) -> now.reportedAt().isBefore(old.reportedAt()) ? old : now);
      }
    } catch (MalformedEventException e) {
      LOG.warnf(
          "cameras: unreadable record at %s-%d@%d skipped: %s",
          record.topic(), record.partition(), record.offset(), e.getMessage());
    }
  }

  @Override
  public void close() {
    closing = true;
    if (!thread.isAlive()) {
      consumer.close();
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
