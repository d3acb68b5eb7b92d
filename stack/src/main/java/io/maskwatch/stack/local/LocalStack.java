package io.maskwatch.stack.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The whole system on one machine: PostgreSQL, a Kafka broker and the four services as processes.
 * {@link #close()} stops everything it started, in reverse order, leaving no process behind.
 */
public final class LocalStack implements AutoCloseable {

  private final StackOptions options;
  private final Consumer<String> progress;
  private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);
  private PostgresServer postgres;
  private KafkaServer kafka;
  private String bootstrapServers;

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
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
            .orElse("face detector: Haar (no YuNet model found beside the checkout)"));
    Path root = options.repoRoot();
    for (Service service : Service.values()) {
      Map<String, String> props = new HashMap<>();
      Map<String, String> env = new HashMap<>();
      props.put("kafka.bootstrap.servers", bootstrapServers);
      switch (service) {
        case MASK -> {
          props.put("maskwatch.mask.model-dir", root.resolve("models/mask-classifier").toString());
          props.put("ai.djl.offline", "true");
          env.put("TENSORFLOW_LIBRARY_PATH", root.resolve("target/tf-native").toString());
          env.put("TF_CPP_MIN_LOG_LEVEL", "2");
        }
        case FACE ->
            options
                .yunetModel()
                .ifPresent(model -> props.put("maskwatch.face.yunet.model", model.toString()));
        case ALERT -> {
          props.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
          props.put("quarkus.datasource.username", PostgresServer.USER);
          props.put("quarkus.datasource.password", PostgresServer.USER);
        }
        default -> {}
      }
      progress.accept(
          "starting " + service.module() + " on port " + options.port(service) + " ...");
      ServiceProcess process =
          ServiceProcess.start(
              service,
              root,
              javaBin,
              options.serviceJvmOptions(),
              options.port(service),
              props,
              env,
              options.logDir());
      services.put(service, process);
    }
    for (ServiceProcess process : services.values()) {
      process.awaitReady(options.startTimeout());
      progress.accept(process.service().module() + " ready at " + process.baseUrl());
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String baseUrl(Service service) {
    return services.get(service).baseUrl();
  }

  public String postgresJdbcUrl() {
    return postgres.jdbcUrl();
  }

  /** The first process that died on its own, if any (a running stack checks this). */
  public java.util.Optional<ManagedProcess> deadProcess() {
    List<ManagedProcess> processes = new ArrayList<>();
    if (kafka != null) {
      processes.add(kafka.process());
    }
    services.values().forEach(s -> processes.add(s.process()));
    return processes.stream().filter(p -> !p.isAlive()).findFirst();
  }

  @Override
  public void close() {
    // Services first (in parallel: each may take its shutdown grace), then Kafka, then PostgreSQL.
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (ServiceProcess process : services.values()) {
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
