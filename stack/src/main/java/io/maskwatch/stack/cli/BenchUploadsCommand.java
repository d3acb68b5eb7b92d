package io.maskwatch.stack.cli;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.MalformedEventException;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import io.maskwatch.stack.client.ClientException;
import io.maskwatch.stack.client.MaskwatchClient;
import io.maskwatch.stack.local.LocalStack;
import io.maskwatch.stack.local.Service;
import io.maskwatch.stack.local.ServiceProcess;
import io.maskwatch.stack.local.StackOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maskwatch bench uploads}: upload-to-verdict latency of real photos through the whole
 * system. The clock starts when the upload request is sent and stops when the photo's verdicts
 * appear on the {@code verdicts} topic (read by this command's own consumer), so polling the REST
 * API adds neither delay nor load.
 */
@Command(
    name = "uploads",
    mixinStandardHelpOptions = true,
    description = {
      "Upload real photos to the running system and measure upload-to-verdict latency",
      "(p50/p95/p99). Starts its own system on free ports when none answers at --ingest."
    })
final class BenchUploadsCommand implements Callable<Integer> {

  @Option(
      names = "--count",
      defaultValue = "100",
      description = "Photos measured (${DEFAULT-VALUE}).")
  private int count;

  @Option(names = "--warmup", defaultValue = "10", description = "Photos sent first, not measured.")
  private int warmup;

  @Option(
      names = "--concurrency",
      defaultValue = "1",
      description = "Uploads in flight at once (${DEFAULT-VALUE}: one after another).")
  private int concurrency;

  @Option(names = "--photos", description = "Folder of JPEG/PNG photos (default: kaggle853-dev).")
  private Path photos;

  @Option(
      names = "--ingest",
      defaultValue = "http://127.0.0.1:8081",
      description = "ingest-service URL.")
  private URI ingest;

  @Option(
      names = "--kafka",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers.")
  private String kafka;

  @Option(
      names = "--cameras",
      defaultValue = "0",
      description = {
        "0 (default): photos go through ingest's upload API; all share camera id 'upload', so one",
        "partition and one replica per service carry them. N > 0: the photos are published to",
        "'frames' as N cameras (bench-cam-1..N, round robin) would send them, spreading the frames",
        "over the partitions and so over the replicas of face- and mask-service."
      })
  private int cameras;

  @Option(
      names = "--replicas",
      paramLabel = "SERVICE=N[,...]",
      description = "Instances per service (e.g. face=2,mask=2) of the system this command starts.")
  private String replicas;

  @Option(
      names = "--kill",
      paramLabel = "SERVICE",
      description = {
        "Kill (SIGKILL) the last instance of SERVICE (face, mask, ...) mid-stream, in the system",
        "this command starts; the report then says whether every photo still got its verdicts."
      })
  private String kill;

  @Option(
      names = "--kill-after",
      defaultValue = "50",
      description = "Measured photos sent before --kill strikes (${DEFAULT-VALUE}).")
  private int killAfter;

  @Option(
      names = "--verdict-timeout",
      defaultValue = "60",
      description = {
        "Seconds a photo may wait for its verdicts (${DEFAULT-VALUE}). After a kill, the dead",
        "instance's partitions wait for Kafka's session timeout (45 s) before moving."
      })
  private int verdictTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Path folder = photos != null ? photos : StackCli.shared("data/scenes/kaggle853-dev/images");
    List<Path> files = listPhotos(folder);
    if (files.isEmpty()) {
      System.err.println("maskwatch bench uploads: no JPEG/PNG photos in " + folder);
      return 2;
    }
    Map<Service, Integer> replicaCounts;
    Optional<Service> victim;
    try {
      replicaCounts = StackOptions.parseReplicas(replicas);
      victim = kill == null ? Optional.empty() : Optional.of(Service.named(kill));
    } catch (IllegalArgumentException e) {
      System.err.println("maskwatch bench uploads: " + e.getMessage());
      return 2;
    }
    MaskwatchClient probe = new MaskwatchClient(ingest, ingest);
    if (probe.ingestReady()) {
      if (victim.isPresent() || !replicaCounts.isEmpty()) {
        System.err.println(
            "maskwatch bench uploads: --kill and --replicas apply to a system this command starts;"
                + " a system answers at "
                + ingest
                + " (stop it, or start it with ./maskwatch up --replicas)");
        return 2;
      }
      System.out.println("using the running system at " + ingest + " (Kafka " + kafka + ")");
      return run(new MaskwatchClient(ingest, ingest), kafka, files, Optional.empty());
    }
    Path home = StackCli.home();
    Path runDir = Files.createTempDirectory("maskwatch-bench-");
    StackOptions options;
    try {
      options =
          StackOptions.onFreePorts(
                  home,
                  runDir,
                  Optional.empty(),
                  UpCommand.kafkaClasspath(home),
                  Duration.ofMinutes(3))
              .withReplicas(replicaCounts);
    } catch (IllegalArgumentException e) {
      System.err.println("maskwatch bench uploads: --replicas: " + e.getMessage());
      return 2;
    }
    if (victim.isPresent() && options.replicas(victim.get()) < 2) {
      System.err.println(
          "maskwatch bench uploads: --kill "
              + kill
              + " needs at least two instances of it (--replicas "
              + victim.get().module().replace("-service", "")
              + "=2)");
      return 2;
    }
    System.out.println(
        "nothing answers at " + ingest + ": starting a system (logs in " + options.logDir() + ")");
    try (LocalStack stack = LocalStack.start(options, line -> System.out.println("  " + line))) {
      URI url = URI.create(stack.baseUrl(Service.INGEST));
      Optional<Runnable> killer =
          victim.map(
              service ->
                  () -> {
                    List<ServiceProcess> instances = stack.instances(service);
                    ServiceProcess target = instances.get(instances.size() - 1);
                    target.process().kill();
                    System.out.printf(
                        "  killed %s (pid %d, SIGKILL) after %d measured photos were sent%n",
                        target.name(), target.process().pid(), killAfter);
                  });
      int result = run(new MaskwatchClient(url, url), stack.bootstrapServers(), files, killer);
      printShares(stack);
      return result;
    }
  }

  /**
   * How the frames were shared among the instances of face- and mask-service (warm-up included),
   * from each instance's own counter; a killed instance shows what it did before it died only in
   * its log.
   */
  private static void printShares(LocalStack stack) {
    Map<Service, String> counters =
        Map.of(
            Service.FACE, "maskwatch_frames_processed_total",
            Service.MASK, "maskwatch_frames_classified_total");
    for (Service service : List.of(Service.FACE, Service.MASK)) {
      List<String> shares = new ArrayList<>();
      for (ServiceProcess instance : stack.instances(service)) {
        shares.add(
            instance.name()
                + " "
                + (instance.process().isAlive()
                    ? counter(instance.baseUrl(), counters.get(service))
                    : "(killed)"));
      }
      System.out.println("frames per instance: " + String.join(", ", shares));
    }
  }

  /** The sum of a counter's series in a service's Prometheus metrics, as text. */
  private static String counter(String baseUrl, String name) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      double sum =
          response
              .body()
              .lines()
              .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
              .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
              .sum();
      return String.valueOf((long) sum);
    } catch (IOException | RuntimeException e) {
      return "(no metrics: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  /** Sends one photo into the system; returns the upload id its verdicts will carry. */
  private interface Sender {
    String send(Path photo) throws Exception;
  }

  private int run(
      MaskwatchClient client, String bootstrap, List<Path> files, Optional<Runnable> killer)
      throws Exception {
    Map<String, Long> arrivals = new ConcurrentHashMap<>();
    Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Void> listener = listen(bootstrap, arrivals, deliveries, stop);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency));
    KafkaProducer<String, byte[]> producer = cameras > 0 ? producer(bootstrap) : null;
    Sender sender =
        producer == null
            ? photo -> client.upload(photo).uploadId()
            : new CameraFrames(producer, cameras)::send;
    try {
      System.out.printf("warm-up: %d photos%n", warmup);
      measure(sender, files, 0, warmup, arrivals, pool, Optional.empty()).latencies();
      System.out.printf(
          "measuring %d photos from %s, %d in flight, %s ...%n",
          count,
          files.get(0).getParent(),
          concurrency,
          cameras > 0
              ? "published to 'frames' as " + cameras + " cameras"
              : "uploaded through ingest");
      long started = System.nanoTime();
      Measured measured = measure(sender, files, warmup, count, arrivals, pool, killer);
      double seconds = (System.nanoTime() - started) / 1e9;
      report(measured.latencies(), seconds);
      MaskwatchClient.pause(2000); // let late duplicates arrive before counting them
      long lost = measured.ids().stream().filter(id -> !deliveries.containsKey(id)).count();
      long duplicates =
          measured.ids().stream()
              .mapToLong(id -> Math.max(0, deliveries.getOrDefault(id, 0) - 1))
              .sum();
      System.out.printf(
          "delivery: %d photos sent, %d got verdicts, %d lost, %d duplicate verdicts%n",
          measured.ids().size(), measured.ids().size() - lost, lost, duplicates);
      return measured.latencies().size() == count && lost == 0 ? 0 : 1;
    } finally {
      pool.shutdownNow();
      stop.set(true);
      listener.join();
      if (producer != null) {
        producer.close(Duration.ofSeconds(5));
      }
    }
  }

  /** Latencies of the photos whose verdicts came, and the ids of every photo sent. */
  private record Measured(List<Double> latencies, List<String> ids) {}

  private Measured measure(
      Sender sender,
      List<Path> files,
      int offset,
      int n,
      Map<String, Long> arrivals,
      ExecutorService pool,
      Optional<Runnable> killer)
      throws InterruptedException {
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger done = new AtomicInteger();
    AtomicInteger sentCount = new AtomicInteger();
    List<CompletableFuture<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path file = files.get((offset + i) % files.size());
      tasks.add(
          CompletableFuture.runAsync(
              () -> {
                long sent = System.nanoTime();
                String uploadId;
                try {
                  uploadId = sender.send(file);
                } catch (Exception e) {
                  throw new ClientException(
                      "sending " + file.getFileName() + " failed: " + e.getMessage(), e);
                }
                ids.add(uploadId);
                if (sentCount.incrementAndGet() == killAfter) {
                  killer.ifPresent(Runnable::run);
                }
                long deadline = sent + TimeUnit.SECONDS.toNanos(verdictTimeoutSeconds);
                Long arrived;
                while ((arrived = arrivals.remove(uploadId)) == null) {
                  if (System.nanoTime() > deadline) {
                    throw new ClientException(
                        "no verdicts for "
                            + file.getFileName()
                            + " in "
                            + verdictTimeoutSeconds
                            + " s");
                  }
                  MaskwatchClient.pause(1);
                }
                latencies.add((arrived - sent) / 1e6);
                int finished = done.incrementAndGet();
                if (finished % 20 == 0) {
                  System.out.printf("  %d/%d%n", finished, n);
                }
              },
              pool));
    }
    for (CompletableFuture<Void> task : tasks) {
      try {
        task.join();
      } catch (RuntimeException e) {
        System.err.println("  failed: " + e.getMessage());
      }
    }
    return new Measured(new ArrayList<>(latencies), new ArrayList<>(ids));
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            0,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            16 * 1024 * 1024),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /**
   * Photos published straight to {@code frames} as {@code n} cameras would send them (keys
   * bench-cam-1..n, round robin). Each frame carries an upload id of its own, which face- and
   * mask-service copy into the verdicts, so the listener finds them.
   */
  private static final class CameraFrames {
    private final KafkaProducer<String, byte[]> producer;
    private final int cameras;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<Path, Frame> templates = new ConcurrentHashMap<>();

    CameraFrames(KafkaProducer<String, byte[]> producer, int cameras) {
      this.producer = producer;
      this.cameras = cameras;
    }

    String send(Path photo) throws Exception {
      Frame template = templates.computeIfAbsent(photo, CameraFrames::read);
      String cameraId = "bench-cam-" + (next.getAndIncrement() % cameras + 1);
      String id = UUID.randomUUID().toString();
      Frame frame =
          Frame.newBuilder(template)
              .setFrameId(id)
              .setCameraId(cameraId)
              .setCapturedAt(Instant.now())
              .setUploadId("bench-" + id)
              .build();
      producer
          .send(new ProducerRecord<>(Topics.FRAMES, cameraId, EventCodec.FRAME.encode(frame)))
          .get(30, TimeUnit.SECONDS);
      return frame.getUploadId();
    }

    private static Frame read(Path photo) {
      try {
        byte[] bytes = Files.readAllBytes(photo);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
          throw new ClientException("not a picture ImageIO reads: " + photo);
        }
        return Frame.newBuilder()
            .setFrameId("template")
            .setCameraId("template")
            .setSource(FrameSource.camera)
            .setCapturedAt(Instant.now())
            .setWidth(image.getWidth())
            .setHeight(image.getHeight())
            .setContentType(MaskwatchClient.contentType(photo))
            .setImage(ByteBuffer.wrap(bytes))
            .setUploadId(null)
            .setAttributes(Map.of("fileName", photo.getFileName().toString()))
            .build();
      } catch (IOException e) {
        throw new ClientException("cannot read " + photo + ": " + e.getMessage(), e);
      }
    }
  }

  private static void report(List<Double> latencies, double seconds) {
    if (latencies.isEmpty()) {
      System.out.println("no photo got its verdicts");
      return;
    }
    List<Double> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    System.out.printf(
        Locale.ROOT,
        "upload-to-verdict latency over %d photos: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms,"
            + " mean %.1f ms; %.1f photos/s%n",
        sorted.size(),
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99),
        sorted.get(sorted.size() - 1),
        mean,
        sorted.size() / seconds);
  }

  /** Nearest-rank percentile of a sorted list. */
  static double percentile(List<Double> sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** Records when each upload's verdicts appear on the topic, from the end of the topic on. */
  private static CompletableFuture<Void> listen(
      String bootstrap,
      Map<String, Long> arrivals,
      Map<String, Integer> deliveries,
      AtomicBoolean stop) {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                5),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.VERDICTS, Duration.ofSeconds(10)).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end now, before the first upload
    return CompletableFuture.runAsync(
        () -> {
          try (consumer) {
            while (!stop.get()) {
              for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                long now = System.nanoTime();
                try {
                  Verdicts verdicts = EventCodec.VERDICTS.decode(record.value());
                  if (verdicts.getUploadId() != null) {
                    if (deliveries.merge(verdicts.getUploadId(), 1, Integer::sum) == 1) {
                      arrivals.put(verdicts.getUploadId(), now);
                    }
                  }
                } catch (MalformedEventException e) {
                  // not ours to judge; the services dead-letter it
                }
              }
            }
          }
        },
        Executors.newSingleThreadExecutor());
  }

  private static List<Path> listPhotos(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> stream = Files.list(folder)) {
      return stream
          .filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)$"))
          .sorted()
          .toList();
    }
  }
}
