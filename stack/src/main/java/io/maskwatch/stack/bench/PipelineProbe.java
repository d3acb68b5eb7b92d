package io.maskwatch.stack.bench;

import io.maskwatch.events.Alert;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.MalformedEventException;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches the pipeline's topics from their ends, for the records of the benchmark's cameras (keys
 * starting with a prefix): frames, faces and verdicts counted with their bytes, frame-to-verdict
 * latency (the verdicts record's timestamp, set by mask-service as it sends, minus the frame's
 * capture time, set by ingest-service) and frame-to-alert latency (the alert record's timestamp
 * minus the capture time of the frame that decided it). Consumer lag per service group comes from
 * the admin client.
 */
public final class PipelineProbe implements AutoCloseable {

  /** What the probe saw between two {@link #window()} calls. */
  public record Window(
      long frames,
      long frameBytes,
      long faceRecords,
      long faceBytes,
      long verdictRecords,
      long verdictBytes,
      long facesClassified,
      List<Long> verdictLatenciesMs) {}

  /** Which group consumes which topic, for the lag. */
  public static final Map<String, String> GROUPS =
      Map.of(
          "face-service", Topics.FRAMES,
          "mask-service", Topics.FACES,
          "alert-service", Topics.VERDICTS);

  private static final int CAPTURE_TIMES_KEPT = 200_000;

  private final String prefix;
  private final String bootstrap;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final CompletableFuture<Void> loop;
  private final Map<String, Long> capturedAt =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > CAPTURE_TIMES_KEPT;
        }
      };
  private long frames;
  private long frameBytes;
  private long faceRecords;
  private long faceBytes;
  private long verdictRecords;
  private long verdictBytes;
  private long facesClassified;
  private List<Long> verdictLatencies = new ArrayList<>();
  private List<Long> alertLatencies = new ArrayList<>();

  public PipelineProbe(String bootstrap, String prefix) {
    this.bootstrap = bootstrap;
    this.prefix = prefix;
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                16 << 20),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.FRAMES, Topics.FACES, Topics.VERDICTS, Topics.ALERTS)) {
      consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .forEach(partitions::add);
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    this.loop =
        CompletableFuture.runAsync(
            () -> {
              try (consumer) {
                while (!stop.get()) {
                  for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    if (r.key() != null && r.key().startsWith(prefix)) {
                      record(r);
                    }
                  }
                }
              }
            },
            Executors.newSingleThreadExecutor());
  }

  private synchronized void record(ConsumerRecord<String, byte[]> r) {
    int bytes = r.serializedValueSize();
    try {
      switch (r.topic()) {
        case Topics.FRAMES -> {
          frames++;
          frameBytes += bytes;
        }
        case Topics.FACES -> {
          faceRecords++;
          faceBytes += bytes;
        }
        case Topics.VERDICTS -> {
          Verdicts v = EventCodec.VERDICTS.decode(r.value());
          verdictRecords++;
          verdictBytes += bytes;
          facesClassified += v.getVerdicts().size();
          long captured = v.getCapturedAt().toEpochMilli();
          capturedAt.put(v.getFrameId().toString(), captured);
          verdictLatencies.add(r.timestamp() - captured);
        }
        case Topics.ALERTS -> {
          Alert a = EventCodec.ALERT.decode(r.value());
          Long captured = capturedAt.get(a.getFrameId().toString());
          if (captured != null) {
            alertLatencies.add(r.timestamp() - captured);
          }
        }
        default -> {}
      }
    } catch (MalformedEventException e) {
      // not the benchmark's to judge
    }
  }

  /** What was seen since the last call; starts a new window. */
  public synchronized Window window() {
    Window w =
        new Window(
            frames,
            frameBytes,
            faceRecords,
            faceBytes,
            verdictRecords,
            verdictBytes,
            facesClassified,
            verdictLatencies);
    frames = 0;
    frameBytes = 0;
    faceRecords = 0;
    faceBytes = 0;
    verdictRecords = 0;
    verdictBytes = 0;
    facesClassified = 0;
    verdictLatencies = new ArrayList<>();
    return w;
  }

  /**
   * Frame-to-alert latencies since the last call. Kept apart from {@link #window()}: a camera's
   * person raises one alert, early, so alerts are read over a whole step, warm-up included.
   */
  public synchronized List<Long> takeAlertLatencies() {
    List<Long> taken = alertLatencies;
    alertLatencies = new ArrayList<>();
    return taken;
  }

  /** Records each service group has still to read of its input topic (all cameras). */
  public Map<String, Long> lag() {
    Map<String, Long> lags = new LinkedHashMap<>();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (Map.Entry<String, String> group : GROUPS.entrySet()) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group.getKey()).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> ends = new LinkedHashMap<>();
        admin.describeTopics(List.of(group.getValue())).allTopicNames().get().values().stream()
            .flatMap(
                d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
            .forEach(tp -> ends.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(ends).all().get();
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> e : end.entrySet()) {
          OffsetAndMetadata c = committed.get(e.getKey());
          lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
        }
        lags.put(group.getKey(), lag);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      lags.put("error: " + e.getMessage(), -1L);
    }
    return lags;
  }

  @Override
  public void close() {
    stop.set(true);
    loop.join();
  }
}
