package io.maskwatch.stack.cli;

import io.maskwatch.stack.bench.InProcessPipeline;
import io.maskwatch.stack.bench.LatencyPlot;
import io.maskwatch.stack.bench.MjpegFeed;
import io.maskwatch.stack.bench.PipelineProbe;
import io.maskwatch.stack.bench.ProcessUsage;
import io.maskwatch.stack.client.MaskwatchClient;
import io.maskwatch.stack.local.LocalStack;
import io.maskwatch.stack.local.Service;
import io.maskwatch.stack.local.ServiceProcess;
import io.maskwatch.stack.local.StackException;
import io.maskwatch.stack.local.StackOptions;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maskwatch bench pipeline}: the whole system under a growing number of simulated cameras.
 * Each step registers N MJPEG cameras (served by this command on loopback, one fixed 720p view
 * each, made from real scenes) with ingest-service, lets them run, measures a window, then deletes
 * them and waits for the pipeline to drain. Reports sustained frames/s, frame-to-verdict and
 * frame-to-alert latency, consumer lag, CPU and memory per process and Kafka bytes per frame; stops
 * after the first step the system cannot keep up with and prints the knee. {@code --in-process}
 * runs the same library code in one process without Kafka instead.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "The whole pipeline under N simulated 720p MJPEG cameras at --fps, N swept until it cannot",
      "keep up: sustained frames/s, frame-to-verdict and frame-to-alert latency, lag, CPU and",
      "memory per process, Kafka bytes per frame, and a latency-vs-load plot. Starts its own",
      "system on free ports unless one answers at --ingest. --in-process: the same library code",
      "in one process without Kafka, to show what the broker and the services cost."
    })
final class BenchPipelineCommand implements Callable<Integer> {

  @Option(
      names = "--cameras",
      defaultValue = "2,4,6,8,10,12,16",
      split = ",",
      description = "Camera counts to step through (${DEFAULT-VALUE}).")
  private List<Integer> steps;

  @Option(names = "--fps", defaultValue = "2", description = "Frames/s per camera.")
  private double fps;

  @Option(names = "--warmup", defaultValue = "20", description = "Seconds before measuring.")
  private int warmupSeconds;

  @Option(names = "--seconds", defaultValue = "40", description = "Seconds measured per step.")
  private int seconds;

  @Option(names = "--scenes", description = "Folder of scene photos (default: kaggle853-dev).")
  private Path scenes;

  @Option(names = "--views", defaultValue = "16", description = "Distinct camera views.")
  private int viewCount;

  @Option(names = "--ingest", defaultValue = "http://127.0.0.1:8081")
  private URI ingest;

  @Option(names = "--kafka", defaultValue = "127.0.0.1:9092")
  private String kafka;

  @Option(names = "--replicas", paramLabel = "SERVICE=N[,...]", description = "e.g. face=2,mask=2")
  private String replicas;

  @Option(
      names = "--core-per-instance",
      paramLabel = "SERVICE[,...]",
      description =
          "Confine every instance of these services to one CPU core of its own (taskset), as a"
              + " CPU limit of one core per pod would on Kubernetes; e.g. face")
  private String corePerInstance;

  @Option(
      names = "--plot",
      description = "PNG of latency against load (default: pipeline-latency.png in the run dir).")
  private Path plot;

  @Option(names = "--in-process", description = "Library code in this process, no Kafka.")
  private boolean inProcess;

  @Option(
      names = "--threads",
      defaultValue = "1,2",
      split = ",",
      description = "--in-process: worker threads to try (${DEFAULT-VALUE}).")
  private List<Integer> threads;

  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  public Integer call() throws Exception {
    Path folder = scenes != null ? scenes : StackCli.shared("data/scenes/kaggle853-dev/images");
    List<byte[]> views = views(folder, viewCount);
    System.out.printf(
        "%d views of 1280x720 from %s, %.0f KB JPEG on average%n",
        views.size(), folder, views.stream().mapToInt(v -> v.length).average().orElse(0) / 1024);
    if (inProcess) {
      Path home = StackCli.home();
      InProcessPipeline.run(
          views,
          StackCli.shared("models/face/yunet-legacy.onnx"),
          home.resolve("models/mask-classifier"),
          threads,
          seconds,
          warmupSeconds);
      return 0;
    }
    MaskwatchClient probe = new MaskwatchClient(ingest, ingest);
    if (probe.ingestReady()) {
      System.out.println("using the running system at " + ingest + " (Kafka " + kafka + ")");
      return sweep(ingest, kafka, views, Optional.empty(), Files.createTempDirectory("mw-pipe-"));
    }
    Path home = StackCli.home();
    Path runDir = Files.createTempDirectory("maskwatch-bench-pipeline-");
    StackOptions options =
        StackOptions.onFreePorts(
                home,
                runDir,
                Optional.empty(),
                UpCommand.kafkaClasspath(home),
                Duration.ofMinutes(3))
            .withReplicas(StackOptions.parseReplicas(replicas))
            .withCorePerInstance(StackOptions.parseServices(corePerInstance));
    System.out.println("starting a system (logs in " + options.logDir() + ")");
    try (LocalStack stack = LocalStack.start(options, line -> System.out.println("  " + line))) {
      return sweep(
          URI.create(stack.baseUrl(Service.INGEST)),
          stack.bootstrapServers(),
          views,
          Optional.of(processes(stack, runDir)),
          runDir);
    }
  }

  /** The system's processes by name: each service instance, the broker and PostgreSQL. */
  private static Map<String, List<Long>> processes(LocalStack stack, Path runDir) {
    Map<String, List<Long>> pids = new LinkedHashMap<>();
    for (Service service : Service.values()) {
      List<Long> ids = new ArrayList<>();
      for (ServiceProcess instance : stack.instances(service)) {
        ids.add(instance.process().pid());
      }
      pids.put(service.module(), ids);
    }
    String dir = runDir.toAbsolutePath().toString();
    ProcessUsage.find("kafka.Kafka", dir).ifPresent(pid -> pids.put("kafka", List.of(pid)));
    ProcessUsage.find("postgres", "-D", dir).ifPresent(pid -> pids.put("postgresql", List.of(pid)));
    return pids;
  }

  private record Step(
      int cameras,
      double offered,
      double served,
      double framesPerSecond,
      double verdictsPerSecond,
      double p50,
      double p95,
      double p99,
      long alerts,
      double alertP50,
      Map<String, Long> lagGrowth,
      Map<String, Double> cores,
      Map<String, Double> rssMb,
      double bytesPerFrame) {

    boolean keepsUp() {
      long growth = lagGrowth.values().stream().mapToLong(Long::longValue).max().orElse(0);
      // Lag is read from committed offsets, which trail by up to the commit interval (5 s): only
      // more than that is growth.
      return verdictsPerSecond >= 0.95 * offered && growth <= 6 * offered + 5 && p95 <= 5000;
    }
  }

  private int sweep(
      URI ingestUrl,
      String bootstrap,
      List<byte[]> views,
      Optional<Map<String, List<Long>>> pids,
      Path runDir)
      throws Exception {
    String run = "pipe" + UUID.randomUUID().toString().substring(0, 6);
    List<Step> done = new ArrayList<>();
    try (MjpegFeed feed = MjpegFeed.start(views, fps);
        PipelineProbe kafkaProbe = new PipelineProbe(bootstrap, run)) {
      for (int n : steps) {
        System.out.printf("%n%d cameras at %.1f fps: registering ...%n", n, fps);
        kafkaProbe.takeAlertLatencies();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String id = run + "-" + i;
          register(ingestUrl, id, feed.url(i));
          ids.add(id);
        }
        Thread.sleep(warmupSeconds * 1000L);
        Map<String, Long> lag0 = kafkaProbe.lag();
        long served0 = feed.framesServed();
        Optional<ProcessUsage.Reading> usage0 = pids.map(ProcessUsage::read);
        kafkaProbe.window();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        PipelineProbe.Window w = kafkaProbe.window();
        double wall = (System.nanoTime() - t0) / 1e9;
        Optional<ProcessUsage.Reading> usage1 = pids.map(ProcessUsage::read);
        long served = feed.framesServed() - served0;
        Map<String, Long> lag1 = kafkaProbe.lag();
        for (String id : ids) {
          delete(ingestUrl, id);
        }
        Map<String, Long> growth = new LinkedHashMap<>();
        lag1.forEach((group, lag) -> growth.put(group, lag - lag0.getOrDefault(group, 0L)));
        Map<String, Double> cores =
            usage0.isPresent() && usage1.isPresent()
                ? ProcessUsage.cores(usage0.get(), usage1.get())
                : Map.of();
        Map<String, Double> rss = new LinkedHashMap<>();
        usage1.ifPresent(u -> u.byName().forEach((name, v) -> rss.put(name, v[1])));
        List<Long> lat = new ArrayList<>(w.verdictLatenciesMs());
        Collections.sort(lat);
        List<Long> alertLat = new ArrayList<>(kafkaProbe.takeAlertLatencies());
        Collections.sort(alertLat);
        Step step =
            new Step(
                n,
                n * fps,
                served / wall,
                w.frames() / wall,
                w.verdictRecords() / wall,
                percentile(lat, 50),
                percentile(lat, 95),
                percentile(lat, 99),
                alertLat.size(),
                percentile(alertLat, 50),
                growth,
                cores,
                rss,
                w.frames() == 0
                    ? 0
                    : (double) (w.frameBytes() + w.faceBytes() + w.verdictBytes()) / w.frames());
        done.add(step);
        print(step, w);
        System.out.println("  draining ...");
        drain(kafkaProbe);
        if (!step.keepsUp()) {
          break;
        }
      }
    }
    summary(done);
    Path png = plot != null ? plot : runDir.resolve("pipeline-latency.png");
    LatencyPlot.write(
        done.stream()
            .map(
                s ->
                    new LatencyPlot.Point(
                        s.offered(), s.verdictsPerSecond(), s.p50(), s.p95(), s.p99()))
            .toList(),
        String.format(
            Locale.ROOT,
            "frame-to-verdict latency, %d-%d cameras at %.0f fps, %d cores",
            steps.get(0),
            done.get(done.size() - 1).cameras(),
            fps,
            Runtime.getRuntime().availableProcessors()),
        png);
    System.out.println("plot: " + png.toAbsolutePath());
    return 0;
  }

  private static void print(Step s, PipelineProbe.Window w) {
    System.out.printf(
        Locale.ROOT,
        "  offered %.1f frames/s (served by the cameras %.1f), into Kafka %.1f, verdicts %.1f/s"
            + " (%.1f faces/frame)%n",
        s.offered(),
        s.served(),
        s.framesPerSecond(),
        s.verdictsPerSecond(),
        w.verdictRecords() == 0 ? 0 : (double) w.facesClassified() / w.verdictRecords());
    System.out.printf(
        Locale.ROOT,
        "  frame-to-verdict p50 %.0f ms, p95 %.0f ms, p99 %.0f ms; %d alerts, frame-to-alert p50"
            + " %.0f ms%n",
        s.p50(),
        s.p95(),
        s.p99(),
        s.alerts(),
        s.alertP50());
    System.out.printf(
        Locale.ROOT,
        "  Kafka bytes per frame: %.0f KB (frames %.0f KB, faces %.0f KB, verdicts %.1f KB)%n",
        s.bytesPerFrame() / 1024,
        w.frames() == 0 ? 0 : w.frameBytes() / 1024.0 / w.frames(),
        w.frames() == 0 ? 0 : w.faceBytes() / 1024.0 / w.frames(),
        w.frames() == 0 ? 0 : w.verdictBytes() / 1024.0 / w.frames());
    System.out.println("  lag growth over the window: " + s.lagGrowth());
    if (!s.cores().isEmpty()) {
      StringBuilder line = new StringBuilder("  CPU cores / RSS MB:");
      s.cores()
          .forEach(
              (name, c) ->
                  line.append(
                      String.format(
                          Locale.ROOT,
                          " %s %.2f / %.0f;",
                          name,
                          c,
                          s.rssMb().getOrDefault(name, 0.0))));
      System.out.println(line);
    }
    System.out.println("  keeps up: " + (s.keepsUp() ? "yes" : "NO"));
  }

  private static void summary(List<Step> steps) {
    System.out.println();
    System.out.println(
        "| cameras | offered frames/s | verdicts/s | p50 | p95 | p99 | frame-to-alert p50 (alerts, whole step)"
            + " | max lag growth | CPU cores (all) | keeps up |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (Step s : steps) {
      System.out.printf(
          Locale.ROOT,
          "| %d | %.1f | %.1f | %.0f ms | %.0f ms | %.0f ms | %.0f ms (%d) | %d | %s | %s |%n",
          s.cameras(),
          s.offered(),
          s.verdictsPerSecond(),
          s.p50(),
          s.p95(),
          s.p99(),
          s.alertP50(),
          s.alerts(),
          s.lagGrowth().values().stream().mapToLong(Long::longValue).max().orElse(0),
          s.cores().isEmpty()
              ? "n/a"
              : String.format(
                  Locale.ROOT, "%.2f", s.cores().values().stream().mapToDouble(d -> d).sum()),
          s.keepsUp() ? "yes" : "no");
    }
    Step best = null;
    Step first = null;
    for (Step s : steps) {
      if (s.keepsUp()) {
        best = s;
      } else if (first == null) {
        first = s;
      }
    }
    System.out.println();
    if (best == null) {
      System.out.println("knee: below " + steps.get(0).cameras() + " cameras");
    } else if (first == null) {
      System.out.printf(
          Locale.ROOT,
          "knee: not reached; kept up at %d cameras (%.1f frames/s)%n",
          best.cameras(),
          best.verdictsPerSecond());
    } else {
      System.out.printf(
          Locale.ROOT,
          "knee: between %d cameras (%.1f frames/s sustained) and %d cameras (%.1f offered, %.1f"
              + " got verdicts)%n",
          best.cameras(),
          best.verdictsPerSecond(),
          first.cameras(),
          first.offered(),
          first.verdictsPerSecond());
    }
  }

  /** Waits until no service group has records left to read (at most two minutes). */
  private static void drain(PipelineProbe probe) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      Map<String, Long> lag = probe.lag();
      if (lag.values().stream().allMatch(l -> l == 0)) {
        return;
      }
      Thread.sleep(1000);
    }
    System.out.println("  (still lagging after 2 minutes: " + probe.lag() + ")");
  }

  private void register(URI base, String id, String url) throws Exception {
    String body =
        String.format(
            Locale.ROOT,
            "{\"id\":\"%s\",\"name\":\"bench %s\",\"site\":\"bench\",\"zone\":\"bench\","
                + "\"url\":\"%s\",\"sampleFps\":%s,\"maxWidth\":1280,\"maxHeight\":720,"
                + "\"enabled\":true}",
            id,
            id,
            url,
            fps);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/cameras"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new StackException(
          "registering camera " + id + ": HTTP " + response.statusCode() + " " + response.body());
    }
  }

  private void delete(URI base, String id) throws Exception {
    http.send(
        HttpRequest.newBuilder(base.resolve("/api/cameras/" + id))
            .timeout(Duration.ofSeconds(30))
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /**
   * {@code count} scene photos spread over the folder, each scaled to cover 1280x720 and cropped to
   * it, JPEG quality 85: what a 720p camera sends.
   */
  static List<byte[]> views(Path folder, int count) throws IOException {
    List<Path> all;
    try (Stream<Path> files = Files.list(folder)) {
      all =
          files
              .filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
              .sorted()
              .toList();
    }
    if (all.isEmpty()) {
      throw new StackException("no .jpg scenes in " + folder);
    }
    List<byte[]> views = new ArrayList<>();
    int step = Math.max(1, all.size() / count);
    for (int i = 0; i < all.size() && views.size() < count; i += step) {
      BufferedImage source = ImageIO.read(all.get(i).toFile());
      if (source == null) {
        continue;
      }
      double scale = Math.max(1280.0 / source.getWidth(), 720.0 / source.getHeight());
      int w = (int) Math.round(source.getWidth() * scale);
      int h = (int) Math.round(source.getHeight() * scale);
      BufferedImage frame = new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = frame.createGraphics();
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(source, (1280 - w) / 2, (720 - h) / 2, w, h, null);
      g.dispose();
      views.add(jpeg(frame));
    }
    return views;
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.85f);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
