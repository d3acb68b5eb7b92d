package io.maskwatch.ingest.messaging;

import io.maskwatch.events.MalformedEventException;
import io.maskwatch.ingest.camera.CameraSpec;
import io.maskwatch.ingest.camera.CameraWorker;
import io.maskwatch.ingest.camera.CaptureState;
import io.maskwatch.ingest.camera.CaptureStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * This replica's share of the cameras. All ingest replicas are members of one consumer group on the
 * compacted {@code cameras} topic; Kafka assigns each partition to one of them, and a replica pulls
 * exactly the cameras whose definitions are keyed into its partitions. On assignment it reads those
 * partitions from the beginning (the group commits no offsets: the compacted topic is the registry)
 * and starts their cameras once it has read up to where the partitions ended; on revocation it
 * stops them. Later definitions (created, changed, disabled, deleted) start, restart or stop
 * cameras as they arrive.
 */
public final class CameraFleet implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(CameraFleet.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final Function<CameraSpec, CameraWorker> workers;
  private final Map<TopicPartition, Owned> owned = new HashMap<>();
  private final Map<String, CameraWorker> running = new ConcurrentHashMap<>();
  private final Map<String, CameraSpec> disabled = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closing;

  /** Definitions of one assigned partition. */
  private static final class Owned {
    final Map<String, CameraSpec> cameras = new HashMap<>();
    final long endAtAssignment;
    boolean caughtUp;

    Owned(long endAtAssignment) {
      this.endAtAssignment = endAtAssignment;
    }
  }

  /**
   * @param consumerConfig bootstrap servers and any other consumer settings
   * @param workers makes (does not start) the worker of a camera
   */
  public CameraFleet(
      Map<String, Object> consumerConfig,
      String topic,
      String groupId,
      Function<CameraSpec, CameraWorker> workers) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    // A replica joining or leaving moves only the partitions that change owner: the cameras of the
    // others keep running through the rebalance.
    config.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    this.consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.workers = workers;
    this.thread = new Thread(this::run, "camera-fleet");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Ids of the cameras this replica pulls now. */
  public Set<String> pulled() {
    return new TreeSet<>(running.keySet());
  }

  /** The cameras of this replica's partitions: running ones and disabled ones. */
  public List<CaptureStatus> statuses() {
    List<CaptureStatus> all = new ArrayList<>();
    running.values().forEach(w -> all.add(w.status()));
    disabled
        .keySet()
        .forEach(
            id -> all.add(new CaptureStatus(id, CaptureState.disabled, 0, 0, 0, 0, null, null)));
    return all;
  }

  /** The status of a camera pulled here, or null. */
  public CaptureStatus status(String cameraId) {
    CameraWorker worker = running.get(cameraId);
    return worker == null ? null : worker.status();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topic), new Listener());
      while (!closing) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          apply(record);
        }
        reconcile();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.errorf(e, "cameras: the fleet's consumer failed; this replica pulls no cameras");
    } finally {
      stopAll(new ArrayList<>(running.keySet()));
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.debugf("cameras: closing the consumer: %s", e.getMessage());
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    Owned partition = owned.get(new TopicPartition(record.topic(), record.partition()));
    if (partition == null || record.key() == null) {
      return;
    }
    if (record.value() == null) {
      partition.cameras.remove(record.key());
      return;
    }
    try {
      CameraSpec camera = CameraEvents.decodeCamera(record.value());
      if (!camera.id().equals(record.key())) {
        LOG.warnf("cameras: record key %s holds camera %s; skipped", record.key(), camera.id());
        return;
      }
      partition.cameras.put(camera.id(), camera);
    } catch (MalformedEventException e) {
      LOG.warnf(
          "cameras: unreadable definition at %s-%d@%d skipped: %s",
          record.topic(), record.partition(), record.offset(), e.getMessage());
    }
  }

  /** Starts, restarts and stops workers to match the definitions of caught-up partitions. */
  private void reconcile() {
    Map<String, CameraSpec> wanted = new HashMap<>();
    Map<String, CameraSpec> off = new HashMap<>();
    for (Map.Entry<TopicPartition, Owned> e : owned.entrySet()) {
      Owned partition = e.getValue();
      if (!partition.caughtUp) {
        if (consumer.position(e.getKey()) < partition.endAtAssignment) {
          continue;
        }
        partition.caughtUp = true;
      }
      for (CameraSpec camera : partition.cameras.values()) {
        if (camera.isPushed()) {
          continue; // a webcam posts its frames to whichever replica the browser reaches
        }
        (camera.enabled() ? wanted : off).put(camera.id(), camera);
      }
    }
    List<String> stop = new ArrayList<>();
    running.forEach(
        (id, worker) -> {
          if (!worker.camera().equals(wanted.get(id))) {
            stop.add(id);
          }
        });
    // Cameras of partitions still being read keep running as they were.
    stop.removeIf(id -> !wanted.containsKey(id) && !off.containsKey(id) && inUnreadPartition(id));
    stopAll(stop);
    wanted.forEach(
        (id, camera) -> {
          if (!running.containsKey(id)) {
            CameraWorker worker = workers.apply(camera);
            running.put(id, worker);
            worker.start();
            LOG.infof("cameras: pulling %s", camera);
          }
        });
    disabled.keySet().retainAll(off.keySet());
    disabled.putAll(off);
  }

  private boolean inUnreadPartition(String id) {
    for (Owned partition : owned.values()) {
      if (!partition.caughtUp && partition.cameras.containsKey(id)) {
        return true;
      }
    }
    return false;
  }

  private void stopAll(Collection<String> ids) {
    List<CameraWorker> stopping = new ArrayList<>();
    for (String id : ids) {
      CameraWorker worker = running.remove(id);
      if (worker != null) {
        worker.stop();
        stopping.add(worker);
      }
      disabled.remove(id);
    }
    for (CameraWorker worker : stopping) {
      try {
        if (!worker.awaitStopped(STOP_WAIT)) {
          LOG.warnf("cameras: %s did not stop within %s", worker.camera().id(), STOP_WAIT);
        } else {
          LOG.infof("cameras: stopped pulling %s", worker.camera().id());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private final class Listener implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      consumer.seekToBeginning(partitions);
      for (TopicPartition partition : partitions) {
        owned.put(partition, new Owned(ends.getOrDefault(partition, 0L)));
      }
      LOG.infof("cameras: assigned partitions %s", partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      release(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      release(partitions);
    }

    private void release(Collection<TopicPartition> partitions) {
      List<String> ids = new ArrayList<>();
      for (TopicPartition partition : partitions) {
        Owned gone = owned.remove(partition);
        if (gone != null) {
          ids.addAll(gone.cameras.keySet());
        }
      }
      if (!partitions.isEmpty()) {
        LOG.infof("cameras: partitions %s revoked; stopping %d camera(s)", partitions, ids.size());
      }
      stopAll(ids);
    }
  }

  /** Stops every camera and leaves the group (the others take the partitions at once). */
  @Override
  public void close() {
    closing = true;
    if (!thread.isAlive()) {
      consumer.close();
      return;
    }
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(15).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
