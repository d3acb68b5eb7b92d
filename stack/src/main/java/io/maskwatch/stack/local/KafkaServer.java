package io.maskwatch.stack.local;

import io.maskwatch.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A real Kafka broker in KRaft mode (broker and controller in one process), run from the jars of
 * this module's classpath, with its data in a folder that survives restarts.
 */
public final class KafkaServer implements AutoCloseable {

  /** Partitions per topic: at least the replicas a consumer group may have locally. */
  public static final int PARTITIONS = 4;

  private final List<String> command;
  private final Path dataDir;
  private final Path log;
  private final int port;
  private final String bootstrapServers;
  private volatile ManagedProcess process;

  private KafkaServer(
      ManagedProcess process, List<String> command, Path dataDir, Path log, int port) {
    this.process = process;
    this.command = List.copyOf(command);
    this.dataDir = dataDir;
    this.log = log;
    this.port = port;
    this.bootstrapServers = "127.0.0.1:" + port;
  }

  /**
   * Formats {@code dataDir} if it is new, starts the broker on {@code port}, waits until it
   * answers, and creates the system's topics.
   *
   * @param classpath a class path holding kafka_2.13 and its dependencies
   */
  public static KafkaServer start(
      String javaBin, String classpath, Path dataDir, Path logDir, int port, Duration timeout) {
    if (Ports.inUse(port)) {
      throw new StackException(
          "port " + port + " is taken: is another Kafka (or `./maskwatch up`) running?");
    }
    int controllerPort = Ports.free();
    Path config = logDir.resolve("kafka-server.properties");
    try {
      Files.createDirectories(dataDir);
      Files.createDirectories(logDir);
      Properties props = new Properties();
      props.setProperty("process.roles", "broker,controller");
      props.setProperty("node.id", "1");
      props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      props.setProperty(
          "listeners",
          "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
      props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
      props.setProperty("controller.listener.names", "CONTROLLER");
      props.setProperty("inter.broker.listener.name", "PLAINTEXT");
      props.setProperty(
          "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      props.setProperty("log.dirs", dataDir.toAbsolutePath().toString());
      props.setProperty("num.partitions", String.valueOf(PARTITIONS));
      props.setProperty("offsets.topic.replication.factor", "1");
      props.setProperty("offsets.topic.num.partitions", "4");
      props.setProperty("transaction.state.log.replication.factor", "1");
      props.setProperty("transaction.state.log.min.isr", "1");
      props.setProperty("share.coordinator.state.topic.replication.factor", "1");
      props.setProperty("share.coordinator.state.topic.min.isr", "1");
      props.setProperty("group.initial.rebalance.delay.ms", "0");
      props.setProperty("auto.create.topics.enable", "true");
      // Frames are the short-term picture store (DESIGN.md): hours, not days.
      props.setProperty("log.retention.hours", "24");
      props.setProperty("message.max.bytes", String.valueOf(16 * 1024 * 1024));
      try (var out = Files.newBufferedWriter(config)) {
        props.store(out, "written by maskwatch up; regenerated at every start");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Kafka configuration in " + logDir, e);
    }

    if (!Files.exists(dataDir.resolve("meta.properties"))) {
      ManagedProcess format =
          ManagedProcess.start(
              "kafka-storage-format",
              List.of(
                  javaBin,
                  "-Xmx256m",
                  "-cp",
                  classpath,
                  "kafka.tools.StorageTool",
                  "format",
                  "--cluster-id",
                  Uuid.randomUuid().toString(),
                  "--config",
                  config.toString()),
              Map.of(),
              dataDir,
              logDir.resolve("kafka-format.log"));
      int code = format.waitFor(Duration.ofSeconds(60));
      if (code != 0) {
        throw new StackException(
            "formatting Kafka's storage failed (exit " + code + "):\n" + format.logTail(20));
      }
    }

    List<String> command = new ArrayList<>();
    command.add(javaBin);
    command.addAll(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC"));
    command.add("-Dkafka.logs.dir=" + logDir.toAbsolutePath());
    command.addAll(List.of("-cp", classpath, "kafka.Kafka", config.toString()));
    Path log = logDir.resolve("kafka.log");
    ManagedProcess process = ManagedProcess.start("kafka", command, Map.of(), dataDir, log);
    KafkaServer server = new KafkaServer(process, command, dataDir, log, port);
    try {
      server.awaitReady(timeout);
      createTopics(server.bootstrapServers);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The broker's current process (a new one after {@link #restart}). */
  public ManagedProcess process() {
    return process;
  }

  /**
   * Stops the broker as an operator would (SIGTERM: a controlled shutdown, its data kept), and
   * returns once the process is gone. {@link #restart} starts it again.
   */
  public void stop() {
    process.close();
  }

  /**
   * Starts the broker again, after {@link #stop} or a crash, on the same port, data folder and
   * configuration (the same cluster and controller port), and waits until it answers. Clients that
   * were connected find it again by themselves; nothing in the data folder is reset.
   */
  public void restart(Duration timeout) {
    if (process.isAlive()) {
      throw new StackException("Kafka is still running (pid " + process.pid() + "); stop it first");
    }
    if (Ports.inUse(port)) {
      throw new StackException("port " + port + " is taken: Kafka cannot start on it again");
    }
    process = ManagedProcess.start("kafka", command, Map.of(), dataDir, log);
    awaitReady(timeout);
  }

  private static Admin admin(String bootstrapServers) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
  }

  private void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    String lastError = "";
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new StackException(
            "Kafka exited while starting; last lines of "
                + process.log()
                + ":\n"
                + process.logTail(30));
      }
      if (Ports.inUse(port)) {
        try (Admin admin = admin(bootstrapServers)) {
          admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          lastError = e.getMessage();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StackException("interrupted while waiting for Kafka", e);
        }
      }
      sleep(250);
    }
    throw new StackException(
        "Kafka did not answer within " + timeout + " (" + lastError + "); see " + process.log());
  }

  /**
   * Creates the system's topics that do not exist yet on the broker at {@code bootstrapServers}.
   */
  public static void createTopics(String bootstrapServers) {
    try (Admin admin = admin(bootstrapServers)) {
      Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : Topics.ALL) {
        if (existing.contains(topic)) {
          continue;
        }
        NewTopic newTopic = new NewTopic(topic, PARTITIONS, (short) 1);
        if (topic.equals(Topics.CAMERAS)) {
          newTopic.configs(
              Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        } else if (topic.equals(Topics.FRAMES)) {
          // Uploads up to ingest's 10 MiB limit travel whole; Kafka's default is 1 MB.
          newTopic.configs(
              Map.of(
                  TopicConfig.RETENTION_MS_CONFIG, String.valueOf(6 * 3600 * 1000L),
                  TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024)));
        }
        missing.add(newTopic);
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new StackException("could not create the topics: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while creating topics", e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
