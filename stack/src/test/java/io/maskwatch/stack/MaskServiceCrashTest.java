package io.maskwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.events.BoundingBox;
import io.maskwatch.events.DetectedFace;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.EventSerializer;
import io.maskwatch.events.Faces;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import io.maskwatch.stack.local.KafkaServer;
import io.maskwatch.stack.local.Ports;
import io.maskwatch.stack.local.Service;
import io.maskwatch.stack.local.ServiceProcess;
import io.maskwatch.vision.testing.SharedData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mask-service killed (SIGKILL: no shutdown, no offset commit, no goodbye to its group) in the
 * middle of a backlog on a real broker, then started again: every frame still gets its verdicts,
 * each with all its faces. Repeats are allowed (at least once); a loss would mean an offset was
 * committed before its verdicts were published.
 */
class MaskServiceCrashTest {

  private static final int FRAMES = 1500;
  private static final int FACES_PER_FRAME = 2;
  private static final int CAMERAS = 8;
  private static final int KILL_AFTER_FRAMES = 150;
  private static final Duration WAIT = Duration.ofMinutes(6);

  @TempDir Path runDir;

  @Test
  void aKilledMaskServiceLosesNoFaceOnceItIsBack() throws IOException {
    List<byte[]> crops = crops();
    Path home = Path.of(System.getProperty("maskwatch.home"));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path logs = runDir.resolve("logs");
    try (KafkaServer kafka =
        KafkaServer.start(
            javaBin,
            System.getProperty("java.class.path"),
            runDir.resolve("kafka"),
            logs,
            Ports.free(),
            Duration.ofMinutes(3))) {
      String run = UUID.randomUUID().toString().substring(0, 8);
      preload(kafka.bootstrapServers(), run, crops);

      Map<String, Integer> verdicts = new HashMap<>();
      int[] deliveries = {0};
      try (KafkaConsumer<String, byte[]> consumer = verdictsConsumer(kafka.bootstrapServers())) {
        try (ServiceProcess first = startMaskService(home, javaBin, kafka, logs, "mask-service")) {
          first.awaitReady(Duration.ofMinutes(3));
          collect(consumer, run, verdicts, deliveries, seen -> seen >= KILL_AFTER_FRAMES);
          first.process().kill();
        }
        int beforeRestart = verdicts.size();
        System.out.printf(
            "mask-service killed with %d of %d frames' verdicts seen%n", beforeRestart, FRAMES);
        assertThat(beforeRestart).as("the kill came mid-stream").isLessThan(FRAMES);

        try (ServiceProcess second =
            startMaskService(home, javaBin, kafka, logs, "mask-service-restarted")) {
          second.awaitReady(Duration.ofMinutes(3));
          collect(consumer, run, verdicts, deliveries, seen -> seen >= FRAMES);
        }
      }

      assertThat(verdicts).hasSize(FRAMES);
      for (int f = 0; f < FRAMES; f++) {
        assertThat(verdicts.get(frameId(run, f))).as("faces in frame %d's verdicts", f).isNotNull();
      }
      assertThat(verdicts.values()).allMatch(faces -> faces == FACES_PER_FRAME);
      System.out.printf(
          "%d frames, %d verdict records: %d repeats after the kill, none lost%n",
          FRAMES, deliveries[0], deliveries[0] - FRAMES);
    }
  }

  private static ServiceProcess startMaskService(
      Path home, String javaBin, KafkaServer kafka, Path logs, String name) {
    Map<String, String> props = new HashMap<>();
    props.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    props.put("maskwatch.mask.model-dir", home.resolve("models/mask-classifier").toString());
    props.put("ai.djl.offline", "true");
    return ServiceProcess.start(
        Service.MASK,
        name,
        home,
        javaBin,
        List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC"),
        Ports.free(),
        props,
        Map.of(
            "TENSORFLOW_LIBRARY_PATH",
            home.resolve("target/tf-native").toString(),
            "TF_CPP_MIN_LOG_LEVEL",
            "2"),
        logs,
        OptionalInt.empty());
  }

  /** Reads verdicts until {@code done} holds for the number of distinct frames seen. */
  private static void collect(
      KafkaConsumer<String, byte[]> consumer,
      String run,
      Map<String, Integer> verdicts,
      int[] deliveries,
      IntPredicate done) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.test(verdicts.size())) {
      assertThat(System.nanoTime())
          .as("verdicts for %d frames within %s", verdicts.size(), WAIT)
          .isLessThan(deadline);
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (!record.key().startsWith(run)) {
          continue;
        }
        Verdicts v = EventCodec.VERDICTS.decode(record.value());
        deliveries[0]++;
        verdicts.put(v.getFrameId().toString(), v.getVerdicts().size());
      }
    }
  }

  private static KafkaConsumer<String, byte[]> verdictsConsumer(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
    consumer.subscribe(List.of(Topics.VERDICTS));
    return consumer;
  }

  /** Real face crops of ../shared, as JPEG bytes. */
  private static List<byte[]> crops() throws IOException {
    List<byte[]> crops = new ArrayList<>();
    for (String label : List.of("with_mask", "without_mask")) {
      for (Path file : SharedData.faces("chandrikadeb7", label, 20)) {
        crops.add(Files.readAllBytes(file));
      }
    }
    return crops;
  }

  private static String frameId(String run, int f) {
    return run + "-frame-" + f;
  }

  /** The backlog: Faces records as face-service writes them, keyed by camera. */
  private static void preload(String bootstrap, String run, List<byte[]> crops) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (KafkaProducer<String, Faces> producer = new KafkaProducer<>(props)) {
      for (int f = 0; f < FRAMES; f++) {
        List<DetectedFace> faces = new ArrayList<>();
        for (int i = 0; i < FACES_PER_FRAME; i++) {
          byte[] crop = crops.get((f * FACES_PER_FRAME + i) % crops.size());
          faces.add(
              new DetectedFace(
                  i, new BoundingBox(60 * i, 40, 50, 50), 0.9f, List.of(), ByteBuffer.wrap(crop)));
        }
        String camera = run + "-cam-" + (f % CAMERAS);
        Faces message =
            Faces.newBuilder()
                .setFrameId(frameId(run, f))
                .setCameraId(camera)
                .setSource(FrameSource.camera)
                .setCapturedAt(Instant.now())
                .setFrame(new FrameRef(Topics.FRAMES, 0, (long) f))
                .setFrameWidth(640)
                .setFrameHeight(480)
                .setUploadId(null)
                .setDetector("crash-test")
                .setDetectedAt(Instant.now())
                .setFaces(faces)
                .build();
        producer.send(new ProducerRecord<>(Topics.FACES, camera, message));
      }
      producer.flush();
    }
  }
}
