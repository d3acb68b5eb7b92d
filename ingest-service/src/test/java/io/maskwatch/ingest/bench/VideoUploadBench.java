package io.maskwatch.ingest.bench;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Topics;
import io.maskwatch.ingest.domain.VideoSampler;
import io.maskwatch.testing.KafkaBrokerResource;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How many sampled frames per second one ingest instance turns a video upload into: the service's
 * own path after the HTTP body is stored — {@code VideoSampler} (FFmpeg decode of every frame,
 * scaled to fit 1280×720, frames taken at {@code --fps} of video time, JPEG q0.85), then every
 * frame as a {@code Frame} to {@code frames} with acks=all and all acknowledgements awaited, as
 * {@code POST /api/uploads} does — uploads back to back, into a real broker started in this JVM
 * unless {@code --bootstrap} names one. The HTTP transfer of the file itself is not in it.
 *
 * <pre>
 * java -cp ... io.maskwatch.ingest.bench.VideoUploadBench VIDEO [--runs N] [--warmup N] [--fps F]
 *     [--max-frames M] [--bootstrap HOST:PORT]
 * </pre>
 */
public final class VideoUploadBench {

  private VideoUploadBench() {}

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static void main(String[] args) throws Exception {
    Path video = Path.of(args[0]).toAbsolutePath();
    int runs = 5;
    int warmup = 1;
    double fps = 2;
    int maxFrames = 300;
    String bootstrap = null;
    for (int i = 1; i < args.length; i += 2) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--fps" -> fps = Double.parseDouble(args[i + 1]);
        case "--max-frames" -> maxFrames = Integer.parseInt(args[i + 1]);
        case "--bootstrap" -> bootstrap = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (bootstrap == null) {
      bootstrap = KafkaBrokerResource.bootstrapServers();
    }
    VideoSampler sampler =
        new VideoSampler(new VideoSampler.Settings(fps, maxFrames, 1280, 720, 40_000_000L, 0.85f));
    Map<String, Object> config =
        Map.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            11534336);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      long frames = 0;
      long sampleNanos = 0;
      long publishNanos = 0;
      long cpu = 0;
      double videoSeconds = 0;
      for (int run = 0; run < warmup + runs; run++) {
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        VideoSampler.SampledVideo sampled = sampler.sample(video, video.getFileName().toString());
        long t1 = System.nanoTime();
        String uploadId = UUID.randomUUID().toString();
        Instant at = Instant.now();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (VideoSampler.SampledFrame f : sampled.frames()) {
          Frame frame =
              Frame.newBuilder()
                  .setFrameId(UUID.randomUUID().toString())
                  .setCameraId("upload")
                  .setSource(FrameSource.upload)
                  .setCapturedAt(at.plusMillis(f.offsetMs()))
                  .setWidth(f.width())
                  .setHeight(f.height())
                  .setContentType("image/jpeg")
                  .setImage(ByteBuffer.wrap(f.jpeg()))
                  .setUploadId(uploadId)
                  .setAttributes(Map.of("videoFrameIndex", Integer.toString(f.index())))
                  .build();
          sent.add(
              producer.send(
                  new ProducerRecord<>(Topics.FRAMES, "upload", EventCodec.FRAME.encode(frame))));
        }
        for (Future<RecordMetadata> f : sent) {
          f.get();
        }
        long t2 = System.nanoTime();
        long cpu1 = cpuNanos();
        int n = sampled.frames().size();
        long last = sampled.frames().get(n - 1).offsetMs();
        System.out.printf(
            "%s run %d: %d frames (%.1f s of video) sampled in %.2f s, published in %.2f s:"
                + " %.1f frames/s, CPU %.1f ms/frame%n",
            run < warmup ? "warm-up" : "measured",
            run,
            n,
            last / 1000.0,
            (t1 - t0) / 1e9,
            (t2 - t1) / 1e9,
            n * 1e9 / (t2 - t0),
            (cpu1 - cpu0) / 1e6 / n);
        if (run >= warmup) {
          frames += n;
          sampleNanos += t1 - t0;
          publishNanos += t2 - t1;
          cpu += cpu1 - cpu0;
          videoSeconds += (last + 1000.0 / fps) / 1000.0;
        }
      }
      double wall = (sampleNanos + publishNanos) / 1e9;
      System.out.printf(
          "TOTAL %d uploads, %d frames: %.1f frames/s (sampling %.1f s, publishing %.1f s),"
              + " %.1f s of video per second, process CPU %.1f ms/frame, cores %d%n",
          runs,
          frames,
          frames / wall,
          sampleNanos / 1e9,
          publishNanos / 1e9,
          videoSeconds / wall,
          cpu / 1e6 / frames,
          Runtime.getRuntime().availableProcessors());
    }
    System.exit(0);
  }
}
