package io.maskwatch.stack.cli;

import io.maskwatch.stack.local.DashboardLogin;
import io.maskwatch.stack.local.LocalStack;
import io.maskwatch.stack.local.ManagedProcess;
import io.maskwatch.stack.local.Service;
import io.maskwatch.stack.local.ServiceProcess;
import io.maskwatch.stack.local.StackException;
import io.maskwatch.stack.local.StackOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maskwatch up}: everything on this machine until Ctrl-C. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start PostgreSQL, a Kafka broker (KRaft) and the four services on this machine, wait until",
      "all are ready and print their URLs. Ctrl-C stops everything. Logs go to runs/<time>/."
    })
final class UpCommand implements Callable<Integer> {

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Kafka's port (${DEFAULT-VALUE}).")
  private int kafkaPort;

  @Option(
      names = "--postgres-port",
      defaultValue = "5433",
      description = "PostgreSQL's port (${DEFAULT-VALUE}; 5432 is left to a system server).")
  private int postgresPort;

  @Option(
      names = "--data",
      description = "Kafka's and PostgreSQL's data, kept between runs (default: runs/data).")
  private Path dataDir;

  @Option(
      names = "--yunet-model",
      description =
          "YuNet ONNX file for face-service (default: ../shared/models/face/yunet-legacy.onnx"
              + " when present, else face-service uses Haar).")
  private Path yunetModel;

  @Option(
      names = "--replicas",
      paramLabel = "SERVICE=N[,...]",
      description = {
        "Instances per service, e.g. face=2,mask=2 (1 to 4, the partitions per topic). The extra",
        "instances run on the first one's port + 100, + 200, ... (face-service 8082, 8182) in the",
        "same consumer group: Kafka shares the partitions among them."
      })
  private String replicas;

  @Option(names = "--fresh", description = "Delete the data folder first: an empty system.")
  private boolean fresh;

  @Option(
      names = "--timeout",
      defaultValue = "180",
      description = "Seconds each part may take to become ready (${DEFAULT-VALUE}).")
  private int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Path home = StackCli.home();
    Path data = dataDir != null ? dataDir : home.resolve("runs/data");
    if (fresh) {
      deleteTree(data);
    }
    Path logs =
        home.resolve("runs")
            .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Map<Service, Integer> replicaCounts;
    try {
      replicaCounts = StackOptions.parseReplicas(replicas);
    } catch (IllegalArgumentException e) {
      System.err.println("maskwatch: --replicas: " + e.getMessage());
      return 2;
    }
    StackOptions options;
    try {
      options =
          new StackOptions(
                  home,
                  data,
                  logs,
                  kafkaPort,
                  postgresPort,
                  StackOptions.defaultPorts(),
                  Optional.empty(),
                  kafkaClasspath(home),
                  StackOptions.DEFAULT_SERVICE_JVM_OPTIONS,
                  Duration.ofSeconds(timeoutSeconds),
                  yunetModel != null
                      ? Optional.of(yunetModel.toAbsolutePath())
                      : StackOptions.sharedYunetModel(home))
              .withReplicas(replicaCounts);
    } catch (IllegalArgumentException e) {
      System.err.println("maskwatch: --replicas: " + e.getMessage());
      return 2;
    }

    System.out.println("maskwatch: logs in " + logs);
    LocalStack stack;
    try {
      stack = LocalStack.start(options, line -> System.out.println("maskwatch: " + line));
    } catch (StackException e) {
      System.err.println("maskwatch: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Thread hook =
        new Thread(
            () -> {
              stopping.set(true);
              System.out.println("\nmaskwatch: stopping ...");
              stack.close();
              System.out.println("maskwatch: stopped");
              stopped.countDown();
            },
            "maskwatch-stop");
    Runtime.getRuntime().addShutdownHook(hook);

    System.out.println();
    System.out.println("maskwatch is up:");
    System.out.println("  upload a photo   POST " + stack.baseUrl(Service.INGEST) + "/api/uploads");
    System.out.println("  alerts           GET  " + stack.baseUrl(Service.ALERT) + "/api/alerts");
    System.out.println(
        "  frames           GET  "
            + stack.baseUrl(Service.ALERT)
            + "/api/frames/{id}[/annotated.png]");
    for (Service service : Service.values()) {
      for (ServiceProcess instance : stack.instances(service)) {
        System.out.printf(
            "  %-16s %s/q/health  %s/q/metrics  (pid %d)%n",
            instance.name(), instance.baseUrl(), instance.baseUrl(), instance.process().pid());
      }
    }
    System.out.println("  Kafka            " + stack.bootstrapServers());
    System.out.println();
    System.out.println(
        "dashboard: "
            + stack.baseUrl(Service.ALERT)
            + "/  login "
            + DashboardLogin.USER
            + " / "
            + stack.dashboardPassword());
    System.out.println(
        "  (the password is kept in "
            + DashboardLogin.file(data)
            + ", mode 0600; `up --fresh` makes a new one)");
    System.out.println("  PostgreSQL       " + stack.postgresJdbcUrl() + " (user postgres)");
    System.out.println();
    System.out.println(
        "Try: ./maskwatch detect PHOTO.jpg -o annotated.png     Ctrl-C stops everything.");

    Set<String> reported = new HashSet<>();
    while (!stopping.get()) {
      for (ServiceProcess lost : stack.deadInstances()) {
        if (reported.add(lost.name()) && !stopping.get()) {
          long left =
              stack.instances(lost.service()).stream().filter(i -> i.process().isAlive()).count();
          System.err.println(
              "maskwatch: "
                  + lost.name()
                  + " stopped; "
                  + left
                  + " instance(s) of "
                  + lost.service().module()
                  + " left, Kafka hands its partitions to them (log: "
                  + lost.process().log()
                  + ")");
        }
      }
      Optional<ManagedProcess> dead = stack.deadProcess();
      if (dead.isPresent() && !stopping.get()) {
        System.err.println(
            "maskwatch: "
                + dead.get().name()
                + " stopped unexpectedly; last lines of "
                + dead.get().log()
                + ":\n"
                + dead.get().logTail(20));
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          return 1; // the hook is already stopping everything
        }
        stack.close();
        return 1;
      }
      Thread.sleep(1000);
    }
    stopped.await(); // the JVM is exiting: the hook stops everything
    return 0;
  }

  /** The broker runs from the jars the build copied beside this command's jar. */
  static String kafkaClasspath(Path home) {
    Path target = home.resolve("stack/target");
    return target.resolve("lib")
        + File.separator
        + "*"
        + File.pathSeparator
        + target.resolve("stack.jar");
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
