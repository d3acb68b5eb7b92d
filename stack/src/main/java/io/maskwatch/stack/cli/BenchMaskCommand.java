package io.maskwatch.stack.cli;

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
import io.maskwatch.stack.local.ManagedProcess;
import io.maskwatch.stack.local.Ports;
import io.maskwatch.stack.local.Service;
import io.maskwatch.stack.local.ServiceProcess;
import io.maskwatch.stack.local.StackException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maskwatch bench mask}: mask-service's throughput, from the bare model to a real broker.
 *
 * <ol>
 *   <li>The library half runs in its own JVM from mask-service's build ({@code
 *       io.maskwatch.mask.bench.LibraryBench}): the bare model (TF session, one face per call, one
 *       thread) as the floor, then the service's own path (JPEG decode, inference pool) at batch
 *       1/8/32 with 1 and 2 workers.
 *   <li>End to end: a KRaft broker as a process (as {@code ./maskwatch up} starts it), {@code
 *       --frames} Faces records of {@code --faces-per-frame} real crops pre-loaded on {@code faces}
 *       over {@code --cameras} camera keys, then one mask-service process started on them; faces/s
 *       is the faces of all verdicts over the time from the first verdict to the last (Kafka's
 *       record timestamps, set by mask-service as it sends), so start-up and model loading are not
 *       counted.
 * </ol>
 *
 * The headline is efficiency: end-to-end faces/s ÷ (floor faces/s × workers).
 */
@Command(
    name = "mask",
    mixinStandardHelpOptions = true,
    description = "mask-service throughput: bare model floor, library path, end to end via Kafka.")
final class BenchMaskCommand implements Callable<Integer> {

  @Option(names = "--frames", defaultValue = "2500", description = "Faces records pre-loaded.")
  private int frames;

  @Option(names = "--faces-per-frame", defaultValue = "8")
  private int facesPerFrame;

  @Option(names = "--cameras", defaultValue = "16", description = "Camera ids (Kafka keys).")
  private int cameras;

  @Option(
      names = "--library-faces",
      defaultValue = "3000",
      description = "Faces per library measurement.")
  private int libraryFaces;

  @Option(
      names = "--workers",
      description = "mask-service's workers end to end (default: its own, one per core).")
  private Integer workers;

  @Option(names = "--batch-size", defaultValue = "1", description = "mask-service's batch-size.")
  private int batchSize;

  @Option(names = "--skip-library", description = "Only the end-to-end run (needs --floor).")
  private boolean skipLibrary;

  @Option(names = "--floor", description = "Floor faces/s to use with --skip-library.")
  private Double floorOverride;

  @Override
  public Integer call() throws Exception {
    Path home = StackCli.home();
    Path quarkusApp = home.resolve("mask-service/target/quarkus-app");
    if (!Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar"))) {
      throw new StackException("mask-service is not built: ./mvnw -B -pl mask-service package");
    }
    Path facesDir = StackCli.shared("data/faces");
    if (!Files.isDirectory(facesDir)) {
      throw new StackException("no face crops at " + facesDir + " (../shared/data/faces)");
    }
    Path runDir = Files.createTempDirectory("maskwatch-bench-mask-");
    Path cropDir = Files.createDirectories(runDir.resolve("crops"));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Map<String, String> tfEnv =
        Map.of(
            "TENSORFLOW_LIBRARY_PATH",
            home.resolve("target/tf-native").toString(),
            "TF_CPP_MIN_LOG_LEVEL",
            "2");
    System.out.println("load before: " + loadAverage());

    List<String[]> results = new ArrayList<>();
    double floor;
    if (skipLibrary) {
      if (floorOverride == null) {
        throw new StackException("--skip-library needs --floor <faces/s>");
      }
      floor = floorOverride;
      library(javaBin, quarkusApp, home, facesDir, cropDir, tfEnv, runDir, 1, "1", "1");
    } else {
      results =
          library(
              javaBin,
              quarkusApp,
              home,
              facesDir,
              cropDir,
              tfEnv,
              runDir,
              libraryFaces,
              "1,8,32",
              "1,2");
      floor =
          results.stream()
              .filter(r -> r[0].equals("floor"))
              .mapToDouble(r -> Double.parseDouble(r[3]) / Double.parseDouble(r[4]))
              .findFirst()
              .orElseThrow(() -> new StackException("the library bench gave no floor"));
    }
    List<byte[]> crops = readCrops(cropDir);
    int serviceWorkers = workers != null ? workers : Runtime.getRuntime().availableProcessors();
    EndToEnd e2e = endToEnd(javaBin, home, runDir, tfEnv, crops, serviceWorkers);
    System.out.println("load after: " + loadAverage());

    System.out.println();
    System.out.println("| path | workers | batch | faces | faces/s | CPU ms/face | p50 | p95 |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (String[] r : results) {
      double faces = Double.parseDouble(r[3]);
      double seconds = Double.parseDouble(r[4]);
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %.0f | %.0f | %.2f | %s ms | %s ms |%n",
          r[0].equals("floor")
              ? "bare model (TF session, 1 face/call, 1 thread)"
              : "library path (decode + pool, " + facesPerFrame + "-face frames)",
          r[1],
          r[2],
          faces,
          faces / seconds,
          Double.parseDouble(r[5]) * 1000 / faces,
          r[6],
          r[7]);
    }
    System.out.printf(
        Locale.ROOT,
        "| end to end (Kafka → mask-service → Kafka) | %d | %d | %d | %.0f | %.2f | | |%n",
        serviceWorkers,
        batchSize,
        e2e.faces,
        e2e.facesPerSecond(),
        e2e.cpuSeconds * 1000 / e2e.faces);
    System.out.printf(
        Locale.ROOT,
        "%nefficiency = %.0f faces/s / (%.0f faces/s floor × %d workers) = %.0f %%%n",
        e2e.facesPerSecond(),
        floor,
        serviceWorkers,
        100 * e2e.facesPerSecond() / (floor * serviceWorkers));
    results.stream()
        .filter(r -> r[0].equals("floor"))
        .findFirst()
        .ifPresent(
            r ->
                System.out.printf(
                    Locale.ROOT,
                    "CPU efficiency = floor CPU/face %.2f ms / service CPU/face %.2f ms = %.0f %%"
                        + " (what the throughput ratio would be on idle cores)%n",
                    Double.parseDouble(r[5]) * 1000 / Double.parseDouble(r[3]),
                    e2e.cpuSeconds * 1000 / e2e.faces,
                    100
                        * (Double.parseDouble(r[5]) * 1000 / Double.parseDouble(r[3]))
                        / (e2e.cpuSeconds * 1000 / e2e.faces)));
    return 0;
  }

  /** Runs LibraryBench in its own JVM; returns its RESULT lines split into fields (no "RESULT"). */
  private List<String[]> library(
      String javaBin,
      Path quarkusApp,
      Path home,
      Path facesDir,
      Path cropDir,
      Map<String, String> env,
      Path runDir,
      int faces,
      String batches,
      String workerCounts)
      throws IOException {
    String classpath =
        String.join(
            File.pathSeparator,
            quarkusApp.resolve("app") + File.separator + "*",
            quarkusApp.resolve("lib/main") + File.separator + "*",
            quarkusApp.resolve("lib/boot") + File.separator + "*");
    List<String> command =
        List.of(
            javaBin,
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Dai.djl.offline=true",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp",
            classpath,
            "io.maskwatch.mask.bench.LibraryBench",
            home.resolve("models/mask-classifier").toString(),
            facesDir.toString(),
            Integer.toString(faces),
            Integer.toString(facesPerFrame),
            batches,
            workerCounts,
            cropDir.toString());
    System.out.println(skipLibrary ? "writing the crops ..." : "library bench (own JVM) ...");
    Path log = runDir.resolve("library.log");
    try (ManagedProcess process = ManagedProcess.start("library-bench", command, env, home, log)) {
      int code = process.waitFor(Duration.ofMinutes(30));
      if (code != 0) {
        throw new StackException(
            "the library bench failed (exit " + code + "):\n" + process.logTail(30));
      }
    }
    List<String[]> results = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("RESULT ")) {
        results.add(line.substring("RESULT ".length()).trim().split(" "));
      } else if (!skipLibrary) {
        System.out.println("  " + line);
      }
    }
    return results;
  }

  private record EndToEnd(long faces, long frames, double seconds, double cpuSeconds) {
    double facesPerSecond() {
      return faces / seconds;
    }
  }

  private EndToEnd endToEnd(
      String javaBin,
      Path home,
      Path runDir,
      Map<String, String> env,
      List<byte[]> crops,
      int serviceWorkers) {
    Path logs = runDir.resolve("logs");
    System.out.println("starting Kafka (KRaft) ...");
    try (KafkaServer kafka =
        KafkaServer.start(
            javaBin,
            UpCommand.kafkaClasspath(home),
            runDir.resolve("kafka"),
            logs,
            Ports.free(),
            Duration.ofMinutes(3))) {
      String run = UUID.randomUUID().toString().substring(0, 8);
      long faces = preload(kafka.bootstrapServers(), crops, run);
      System.out.printf(
          "pre-loaded %d Faces records (%d faces, %d cameras); starting mask-service (%d workers,"
              + " batch-size %d) ...%n",
          frames, faces, cameras, serviceWorkers, batchSize);
      Map<String, String> props = new LinkedHashMap<>();
      props.put("kafka.bootstrap.servers", kafka.bootstrapServers());
      props.put("maskwatch.mask.model-dir", home.resolve("models/mask-classifier").toString());
      props.put("maskwatch.mask.workers", Integer.toString(serviceWorkers));
      props.put("maskwatch.mask.batch-size", Integer.toString(batchSize));
      props.put("ai.djl.offline", "true");
      try (ServiceProcess service =
          ServiceProcess.start(
              Service.MASK,
              home,
              javaBin,
              List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC"),
              Ports.free(),
              props,
              env,
              logs)) {
        service.awaitReady(Duration.ofMinutes(3));
        double cpu0 = processCpuSeconds(service.baseUrl());
        System.out.println("mask-service ready; waiting for " + frames + " verdicts ...");
        EndToEnd e2e = awaitVerdicts(kafka.bootstrapServers(), run, faces);
        double cpu = processCpuSeconds(service.baseUrl()) - cpu0;
        System.out.printf(
            Locale.ROOT,
            "mask-service used %.1f s of CPU for %d faces: %.2f ms/face (its own /q/metrics)%n",
            cpu,
            e2e.faces,
            cpu * 1000 / e2e.faces);
        return new EndToEnd(e2e.faces, e2e.frames, e2e.seconds, cpu);
      }
    }
  }

  /** Faces records of real crops, keyed by camera, as face-service would send them. */
  private long preload(String bootstrap, List<byte[]> crops, String run) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    long faces = 0;
    try (KafkaProducer<String, Faces> producer = new KafkaProducer<>(props)) {
      for (int f = 0; f < frames; f++) {
        String camera = run + "-cam-" + (f % cameras);
        List<DetectedFace> detected = new ArrayList<>();
        for (int i = 0; i < facesPerFrame; i++) {
          byte[] crop = crops.get((f * facesPerFrame + i) % crops.size());
          detected.add(
              new DetectedFace(
                  i, new BoundingBox(40 * i, 40, 36, 36), 0.9f, List.of(), ByteBuffer.wrap(crop)));
        }
        Instant now = Instant.now();
        Faces message =
            Faces.newBuilder()
                .setFrameId(run + "-frame-" + f)
                .setCameraId(camera)
                .setSource(FrameSource.camera)
                .setCapturedAt(now)
                .setFrame(new FrameRef(Topics.FRAMES, 0, (long) f))
                .setFrameWidth(1280)
                .setFrameHeight(720)
                .setUploadId(null)
                .setDetector("bench")
                .setDetectedAt(now)
                .setFaces(detected)
                .build();
        producer.send(new ProducerRecord<>(Topics.FACES, camera, message));
        faces += facesPerFrame;
      }
      producer.flush();
    }
    return faces;
  }

  private EndToEnd awaitVerdicts(String bootstrap, String run, long expectedFaces) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + run);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    long seenFrames = 0;
    long seenFaces = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(Topics.VERDICTS));
      while (seenFrames < frames) {
        if (System.nanoTime() > deadline) {
          throw new StackException(
              "only " + seenFrames + " of " + frames + " verdicts after 20 minutes");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (!record.key().startsWith(run)) {
            continue;
          }
          Verdicts verdicts = EventCodec.VERDICTS.decode(record.value());
          seenFrames++;
          seenFaces += verdicts.getVerdicts().size();
          first = Math.min(first, record.timestamp());
          last = Math.max(last, record.timestamp());
        }
      }
    }
    if (seenFaces != expectedFaces) {
      throw new StackException(seenFaces + " face verdicts for " + expectedFaces + " faces sent");
    }
    double seconds = Math.max(1, last - first) / 1000.0;
    System.out.printf(
        Locale.ROOT,
        "%d verdicts (%d faces) between %s and %s: %.1f s%n",
        seenFrames,
        seenFaces,
        Instant.ofEpochMilli(first),
        Instant.ofEpochMilli(last),
        seconds);
    return new EndToEnd(seenFaces, seenFrames, seconds, Double.NaN);
  }

  /** The service's CPU time so far, from Micrometer's process.cpu.time on /q/metrics. */
  private static double processCpuSeconds(String baseUrl) {
    try {
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m =
          Pattern.compile("(?m)^process_cpu_time_(ns|seconds)_total\\s+(\\S+)$").matcher(metrics);
      if (!m.find()) {
        return Double.NaN;
      }
      double value = Double.parseDouble(m.group(2));
      return m.group(1).equals("ns") ? value / 1e9 : value;
    } catch (IOException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
  }

  private static List<byte[]> readCrops(Path dir) throws IOException {
    List<byte[]> crops = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        crops.add(Files.readAllBytes(file));
      }
    }
    if (crops.isEmpty()) {
      throw new StackException("the library bench wrote no crops to " + dir);
    }
    return crops;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim() + " (1, 5, 15 min; /proc/loadavg)";
    } catch (IOException e) {
      return "unknown";
    }
  }
}
