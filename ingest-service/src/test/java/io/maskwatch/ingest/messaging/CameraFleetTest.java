package io.maskwatch.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameSource;
import io.maskwatch.ingest.CameraServer;
import io.maskwatch.ingest.TestVideos;
import io.maskwatch.ingest.camera.Backoff;
import io.maskwatch.ingest.camera.CameraSpec;
import io.maskwatch.ingest.camera.CameraWorker;
import io.maskwatch.ingest.camera.FrameEncoder;
import io.maskwatch.ingest.camera.FrameTally;
import io.maskwatch.ingest.camera.source.SourceFactory;
import io.maskwatch.testing.KafkaBrokerResource;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two ingest instances (two fleets in this JVM, as two replicas would be) on a real broker share
 * six snapshot cameras through one consumer group on a compacted definitions topic; when one stops
 * the other pulls all six. Each test uses its own topics and group.
 */
class CameraFleetTest {

  private static final Clock CLOCK = Clock.systemUTC();

  private final String camerasTopic = "cameras-" + UUID.randomUUID();
  private final String framesTopic = "frames-" + UUID.randomUUID();
  private final String group = "ingest-" + UUID.randomUUID();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private KafkaProducer<String, byte[]> producer;
  private CameraServer server;

  @BeforeEach
  void setUp() throws Exception {
    String bootstrap = KafkaBrokerResource.bootstrapServers();
    try (Admin admin =
        Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(camerasTopic, 2, (short) 1)
                      .configs(
                          Map.of(
                              TopicConfig.CLEANUP_POLICY_CONFIG,
                              TopicConfig.CLEANUP_POLICY_COMPACT)),
                  new NewTopic(framesTopic, 2, (short) 1)))
          .all()
          .get();
    }
    producer =
        new KafkaProducer<>(
            Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringSerializer(),
            new ByteArraySerializer());
    server = new CameraServer(TestVideos.jpegFrames("vtest.avi", 10), 10, null).start();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    producer.close();
    server.stop();
  }

  private CameraFleet fleet() {
    SourceFactory sources =
        new SourceFactory(Duration.ofSeconds(2), Duration.ofSeconds(3), 8_000_000, CLOCK);
    FrameEncoder encoder = new FrameEncoder(0.85f);
    KafkaFrameSink sink = new KafkaFrameSink(producer, framesTopic);
    CameraWorker.Settings settings =
        new CameraWorker.Settings(
            4,
            4,
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), Math::random),
            Duration.ofSeconds(3),
            new FrameTally());
    CameraFleet fleet =
        new CameraFleet(
            Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.bootstrapServers(),
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                6000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                1000),
            camerasTopic,
            group,
            camera -> new CameraWorker(camera, sources, encoder, sink, settings, CLOCK));
    closing.add(fleet);
    fleet.start();
    return fleet;
  }

  /** Six camera ids, three keyed into each of the topic's two partitions. */
  private static List<String> sixCameras() {
    List<String> ids = new ArrayList<>();
    int[] perPartition = new int[2];
    while (ids.size() < 6) {
      String id = "cam-" + UUID.randomUUID().toString().substring(0, 8);
      int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 2;
      if (perPartition[partition] < 3) {
        perPartition[partition]++;
        ids.add(id);
      }
    }
    return ids;
  }

  private void define(String id, boolean enabled) throws Exception {
    CameraSpec camera =
        new CameraSpec(
            id,
            "camera " + id,
            "lab",
            null,
            server.url("/snapshot.jpg"),
            1.0,
            640,
            360,
            enabled,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    producer.send(new ProducerRecord<>(camerasTopic, id, CameraEvents.encode(camera))).get();
  }

  @Test
  void twoInstancesSplitSixCamerasAndOneTakesAllWhenTheOtherStops() throws Exception {
    List<String> cameras = sixCameras();
    for (String id : cameras) {
      define(id, true);
    }
    CameraFleet first = fleet();
    CameraFleet second = fleet();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Set<String> a = first.pulled();
              Set<String> b = second.pulled();
              assertThat(a).hasSize(3);
              assertThat(b).hasSize(3);
              Set<String> both = new HashSet<>(a);
              both.addAll(b);
              assertThat(both).containsExactlyInAnyOrderElementsOf(cameras);
            });
    // Steady state: never one camera on both.
    for (int i = 0; i < 5; i++) {
      Set<String> overlap = new HashSet<>(first.pulled());
      overlap.retainAll(second.pulled());
      assertThat(overlap).isEmpty();
      Thread.sleep(200);
    }

    // Every camera's frames reach Kafka, keyed by its id, as camera frames.
    Set<String> seen = new HashSet<>();
    try (KafkaCompanion companion = new KafkaCompanion(KafkaBrokerResource.bootstrapServers())) {
      ConsumerTask<String, byte[]> task =
          companion
              .consume(String.class, byte[].class)
              .withGroupId("test-" + UUID.randomUUID())
              .withProp(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
              .fromTopics(Set.of(framesTopic), records -> records.select().first(30));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                for (ConsumerRecord<String, byte[]> record : task.getRecords()) {
                  Frame frame = EventCodec.FRAME.decode(record.value());
                  assertThat(frame.getCameraId()).isEqualTo(record.key());
                  assertThat(frame.getSource()).isEqualTo(FrameSource.camera);
                  assertThat(frame.getWidth()).isEqualTo(480);
                  seen.add(record.key());
                }
                assertThat(seen).containsExactlyInAnyOrderElementsOf(cameras);
              });
      task.stop();
    }

    first.close();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(second.pulled()).containsExactlyInAnyOrderElementsOf(cameras));
    assertThat(first.pulled()).isEmpty();

    // Later definitions apply: a disabled camera and a deleted one stop being pulled.
    define(cameras.get(0), false);
    producer.send(new ProducerRecord<>(camerasTopic, cameras.get(1), null)).get();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(second.pulled())
                    .containsExactlyInAnyOrderElementsOf(cameras.subList(2, 6)));
    assertThat(second.statuses())
        .anySatisfy(
            s -> {
              assertThat(s.cameraId()).isEqualTo(cameras.get(0));
              assertThat(s.state().name()).isEqualTo("disabled");
            });
  }
}
