package io.maskwatch.stack.cli;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.MalformedEventException;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import io.maskwatch.stack.client.ClientException;
import io.maskwatch.stack.client.MaskwatchClient;
import io.maskwatch.stack.local.LocalStack;
import io.maskwatch.stack.local.Service;
import io.maskwatch.stack.local.StackOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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

  @Override
  public Integer call() throws Exception {
    Path folder = photos != null ? photos : StackCli.shared("data/scenes/kaggle853-dev/images");
    List<Path> files = listPhotos(folder);
    if (files.isEmpty()) {
      System.err.println("maskwatch bench uploads: no JPEG/PNG photos in " + folder);
      return 2;
    }
    MaskwatchClient probe = new MaskwatchClient(ingest, ingest);
    if (probe.ingestReady()) {
      System.out.println("using the running system at " + ingest + " (Kafka " + kafka + ")");
      return run(new MaskwatchClient(ingest, ingest), kafka, files);
    }
    Path home = StackCli.home();
    Path runDir = Files.createTempDirectory("maskwatch-bench-");
    StackOptions options =
        StackOptions.onFreePorts(
            home, runDir, Optional.empty(), UpCommand.kafkaClasspath(home), Duration.ofMinutes(3));
    System.out.println(
        "nothing answers at " + ingest + ": starting a system (logs in " + options.logDir() + ")");
    try (LocalStack stack = LocalStack.start(options, line -> System.out.println("  " + line))) {
      URI url = URI.create(stack.baseUrl(Service.INGEST));
      return run(new MaskwatchClient(url, url), stack.bootstrapServers(), files);
    }
  }

  private int run(MaskwatchClient client, String bootstrap, List<Path> files) throws Exception {
    Map<String, Long> arrivals = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Void> listener = listen(bootstrap, arrivals, stop);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency));
    try {
      System.out.printf("warm-up: %d photos%n", warmup);
      measure(client, files, 0, warmup, arrivals, pool);
      System.out.printf(
          "measuring %d photos from %s, %d in flight ...%n",
          count, files.get(0).getParent(), concurrency);
      long started = System.nanoTime();
      List<Double> latencies = measure(client, files, warmup, count, arrivals, pool);
      double seconds = (System.nanoTime() - started) / 1e9;
      report(latencies, seconds);
      return latencies.size() == count ? 0 : 1;
    } finally {
      pool.shutdownNow();
      stop.set(true);
      listener.join();
    }
  }

  private List<Double> measure(
      MaskwatchClient client,
      List<Path> files,
      int offset,
      int n,
      Map<String, Long> arrivals,
      ExecutorService pool)
      throws InterruptedException {
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger done = new AtomicInteger();
    List<CompletableFuture<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path file = files.get((offset + i) % files.size());
      tasks.add(
          CompletableFuture.runAsync(
              () -> {
                long sent = System.nanoTime();
                String uploadId = client.upload(file).uploadId();
                long deadline = sent + TimeUnit.SECONDS.toNanos(60);
                Long arrived;
                while ((arrived = arrivals.remove(uploadId)) == null) {
                  if (System.nanoTime() > deadline) {
                    throw new ClientException("no verdicts for " + file.getFileName() + " in 60 s");
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
    return new ArrayList<>(latencies);
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
      String bootstrap, Map<String, Long> arrivals, AtomicBoolean stop) {
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
                    arrivals.put(verdicts.getUploadId(), now);
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
