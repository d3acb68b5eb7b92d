package io.maskwatch.ingest.bench;

import io.maskwatch.events.Topics;
import io.maskwatch.ingest.camera.Backoff;
import io.maskwatch.ingest.camera.CameraSpec;
import io.maskwatch.ingest.camera.CameraWorker;
import io.maskwatch.ingest.camera.CaptureStatus;
import io.maskwatch.ingest.camera.FrameEncoder;
import io.maskwatch.ingest.camera.FrameTally;
import io.maskwatch.ingest.camera.source.SourceFactory;
import io.maskwatch.ingest.messaging.KafkaFrameSink;
import io.maskwatch.testing.KafkaBrokerResource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How many frames per second one ingest instance publishes from video files: N file cameras, each
 * file read as fast as it decodes (not played in real time) and every frame taken, through the
 * service's own capture path (CameraWorker: FFmpeg decode scaled to max 1280x720, JPEG q0.85, the
 * bounded queue, Kafka producer with acks=1) into a real broker — started in this JVM unless {@code
 * --bootstrap} names one. Prints frames sent and dropped per second after a warm-up.
 *
 * <pre>
 * java -cp ... io.maskwatch.ingest.bench.CameraIngestBench VIDEO [--cameras N] [--seconds S]
 *     [--warmup S] [--bootstrap HOST:PORT]
 * </pre>
 */
public final class CameraIngestBench {

  private CameraIngestBench() {}

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long cameraThreadsCpuNanos() {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("camera-")) {
        long cpu = threads.getThreadCpuTime(t.getId());
        total += Math.max(0, cpu);
      }
    }
    return total;
  }

  public static void main(String[] args) throws Exception {
    Path video = Path.of(args[0]).toAbsolutePath();
    int cameras = 1;
    int seconds = 30;
    int warmup = 5;
    String bootstrap = null;
    for (int i = 1; i < args.length; i += 2) {
      switch (args[i]) {
        case "--cameras" -> cameras = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--bootstrap" -> bootstrap = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (bootstrap == null) {
      bootstrap = KafkaBrokerResource.bootstrapServers();
    }
    Map<String, Object> config =
        Map.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "1",
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            11534336);
    Clock clock = Clock.systemUTC();
    SourceFactory files =
        new SourceFactory(Duration.ofSeconds(10), Duration.ofSeconds(10), 8_000_000, clock, false);
    FrameEncoder encoder = new FrameEncoder(0.85f);
    CameraWorker.Settings settings =
        new CameraWorker.Settings(
            4,
            4,
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), Math::random),
            Duration.ofSeconds(10),
            new FrameTally());
    List<CameraWorker> workers = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      KafkaFrameSink sink = new KafkaFrameSink(producer, Topics.FRAMES);
      for (int i = 0; i < cameras; i++) {
        CameraSpec camera =
            new CameraSpec(
                "bench-" + i,
                "bench",
                "bench",
                null,
                video.toUri().toString(),
                1000,
                1280,
                720,
                true,
                Instant.now());
        CameraWorker worker = new CameraWorker(camera, files, encoder, sink, settings, clock);
        workers.add(worker);
        worker.start();
      }
      Thread.sleep(warmup * 1000L);
      long sent0 = 0;
      long dropped0 = 0;
      for (CameraWorker w : workers) {
        sent0 += w.status().framesSent();
        dropped0 += w.status().framesDropped();
      }
      long cpu0 = processCpuNanos();
      long camera0 = cameraThreadsCpuNanos();
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double cpuMs = (processCpuNanos() - cpu0) / 1e6;
      double cameraMs = (cameraThreadsCpuNanos() - camera0) / 1e6;
      long sent = -sent0;
      long dropped = -dropped0;
      for (CameraWorker w : workers) {
        CaptureStatus s = w.status();
        sent += s.framesSent();
        dropped += s.framesDropped();
        if (s.lastError() != null) {
          System.out.println(s.cameraId() + " last error: " + s.lastError());
        }
      }
      System.out.printf(
          "video %s, %d camera(s), %.1f s measured after %d s warm-up: %.1f frames/s sent (%.1f per"
              + " camera), %.1f frames/s dropped%n",
          video.getFileName(),
          cameras,
          elapsed,
          warmup,
          sent / elapsed,
          sent / elapsed / cameras,
          dropped / elapsed);
      System.out.printf(
          "CPU per frame sent: %.1f ms in the camera threads (decode, scale, JPEG, hand-off), %.1f ms"
              + " in the whole JVM (with the Kafka producer and, unless --bootstrap, the broker);"
              + " load average at the end %.1f on %d cores%n",
          cameraMs / sent,
          cpuMs / sent,
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
    } finally {
      workers.forEach(CameraWorker::stop);
      for (CameraWorker w : workers) {
        w.awaitStopped(Duration.ofSeconds(10));
      }
    }
    System.exit(0);
  }
}
