package io.maskwatch.stack.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How to run the local stack.
 *
 * @param repoRoot the checkout: services are run from {@code <module>/target/quarkus-app}, the
 *     model from {@code models/}, TensorFlow's native library from {@code target/tf-native}
 * @param dataDir Kafka's and PostgreSQL's data (kept between runs)
 * @param logDir one log file per process
 * @param externalKafka bootstrap servers of a broker to use instead of starting one
 * @param kafkaClasspath class path with kafka_2.13 for the broker process
 * @param serviceJvmOptions JVM options of every service process
 * @param yunetModel the YuNet ONNX file face-service detects with; Haar when empty
 * @param replicas instances per service (1 when absent): the extra ones run beside the first on
 *     their own HTTP ports, in the same consumer groups, so Kafka shares the partitions among them
 * @param corePerInstance services whose every instance is confined to one CPU core of its own
 *     (round robin over the cores; {@code taskset}), as a CPU limit of one core per pod would on
 *     Kubernetes
 */
public record StackOptions(
    Path repoRoot,
    Path dataDir,
    Path logDir,
    int kafkaPort,
    int postgresPort,
    Map<Service, Integer> servicePorts,
    Optional<String> externalKafka,
    String kafkaClasspath,
    List<String> serviceJvmOptions,
    Duration startTimeout,
    Optional<Path> yunetModel,
    Map<Service, Integer> replicas,
    Set<Service> corePerInstance) {

  public static final List<String> DEFAULT_SERVICE_JVM_OPTIONS =
      List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  /** Port distance between the instances of one service on the fixed ports: 8082, 8182, ... */
  public static final int INSTANCE_PORT_STEP = 100;

  public StackOptions {
    servicePorts = Map.copyOf(servicePorts);
    serviceJvmOptions = List.copyOf(serviceJvmOptions);
    replicas = Map.copyOf(replicas);
    corePerInstance = Set.copyOf(corePerInstance);
    for (Service service : Service.values()) {
      if (!servicePorts.containsKey(service)) {
        throw new IllegalArgumentException("no port for " + service.module());
      }
    }
    replicas.forEach(
        (service, count) -> {
          if (count < 1 || count > KafkaServer.PARTITIONS) {
            throw new IllegalArgumentException(
                service.module()
                    + ": "
                    + count
                    + " replicas; from 1 to "
                    + KafkaServer.PARTITIONS
                    + " (the partitions per topic: more would sit idle)");
          }
        });
  }

  /** One instance of each service. */
  public StackOptions(
      Path repoRoot,
      Path dataDir,
      Path logDir,
      int kafkaPort,
      int postgresPort,
      Map<Service, Integer> servicePorts,
      Optional<String> externalKafka,
      String kafkaClasspath,
      List<String> serviceJvmOptions,
      Duration startTimeout,
      Optional<Path> yunetModel) {
    this(
        repoRoot,
        dataDir,
        logDir,
        kafkaPort,
        postgresPort,
        servicePorts,
        externalKafka,
        kafkaClasspath,
        serviceJvmOptions,
        startTimeout,
        yunetModel,
        Map.of(),
        Set.of());
  }

  /** The same with {@code replicas} instances per service (absent: 1). */
  public StackOptions withReplicas(Map<Service, Integer> replicas) {
    return with(replicas, corePerInstance);
  }

  /** The same with every instance of {@code services} confined to one CPU core of its own. */
  public StackOptions withCorePerInstance(Set<Service> services) {
    return with(replicas, services);
  }

  private StackOptions with(Map<Service, Integer> replicas, Set<Service> corePerInstance) {
    return new StackOptions(
        repoRoot,
        dataDir,
        logDir,
        kafkaPort,
        postgresPort,
        servicePorts,
        externalKafka,
        kafkaClasspath,
        serviceJvmOptions,
        startTimeout,
        yunetModel,
        replicas,
        corePerInstance);
  }

  /**
   * The CPU core instance {@code index} (0 = the first) of a service is confined to, or empty when
   * it may use all: round robin over {@code cores}, so two instances on two cores get one each.
   */
  public OptionalInt core(Service service, int index, int cores) {
    return corePerInstance.contains(service) ? OptionalInt.of(index % cores) : OptionalInt.empty();
  }

  /** Parses {@code face,mask}: service names as {@link #parseReplicas} takes them. */
  public static Set<Service> parseServices(String spec) {
    Set<Service> services = EnumSet.noneOf(Service.class);
    if (spec == null || spec.isBlank()) {
      return services;
    }
    for (String part : spec.split(",")) {
      services.add(Service.named(part.trim()));
    }
    return services;
  }

  public int replicas(Service service) {
    return replicas.getOrDefault(service, 1);
  }

  /**
   * The HTTP port of instance {@code index} (0 = the first) of a service: on the fixed ports of
   * `./maskwatch up` the first one's port plus 100 per instance (face-service 8082, 8182, ...);
   * otherwise a free port.
   */
  public int port(Service service, int index) {
    if (index == 0) {
      return port(service);
    }
    return servicePorts.equals(defaultPorts())
        ? port(service) + INSTANCE_PORT_STEP * index
        : Ports.free();
  }

  /**
   * Parses {@code face=2,mask=2}: service names as in {@code face}, {@code face-service} or {@code
   * FACE}.
   */
  public static Map<Service, Integer> parseReplicas(String spec) {
    Map<Service, Integer> replicas = new EnumMap<>(Service.class);
    if (spec == null || spec.isBlank()) {
      return replicas;
    }
    for (String part : spec.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException(
            "'" + part + "' is not SERVICE=COUNT (e.g. face=2,mask=2)");
      }
      Service service = Service.named(kv[0].trim());
      try {
        replicas.put(service, Integer.parseInt(kv[1].trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + kv[1] + "' is not a number of replicas");
      }
    }
    return replicas;
  }

  /**
   * A stack on free ports with its data and logs under {@code runDir}: for tests and benchmarks
   * that must not collide with a running `./maskwatch up`.
   */
  public static StackOptions onFreePorts(
      Path repoRoot,
      Path runDir,
      Optional<String> externalKafka,
      String kafkaClasspath,
      Duration timeout) {
    return new StackOptions(
        repoRoot,
        runDir.resolve("data"),
        runDir.resolve("logs"),
        Ports.free(),
        Ports.free(),
        freePorts(),
        externalKafka,
        kafkaClasspath,
        DEFAULT_SERVICE_JVM_OPTIONS,
        timeout,
        sharedYunetModel(repoRoot));
  }

  /**
   * The YuNet model beside the checkout ({@code ../shared/models/face/yunet-legacy.onnx}, or under
   * {@code maskwatch.shared.dir}), if it is there: the detector that measures best on real scenes
   * (docs/evaluation.md). Without it face-service falls back to Haar and says so.
   */
  public static Optional<Path> sharedYunetModel(Path repoRoot) {
    Path model = sharedDir(repoRoot).resolve("models/face/yunet-legacy.onnx");
    return Files.isReadable(model) ? Optional.of(model.toAbsolutePath()) : Optional.empty();
  }

  /** The data beside the checkout: {@code ../shared}, unless {@code maskwatch.shared.dir} says. */
  public static Path sharedDir(Path repoRoot) {
    String dir = System.getProperty("maskwatch.shared.dir");
    return dir != null ? Path.of(dir) : repoRoot.resolveSibling("shared");
  }

  /** The fixed ports of `./maskwatch up`: Kafka 9092, PostgreSQL 5433, services 8081-8084. */
  public static Map<Service, Integer> defaultPorts() {
    Map<Service, Integer> ports = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      ports.put(service, service.defaultPort());
    }
    return ports;
  }

  /** Free ports for everything: for tests that must not collide with a running stack. */
  public static Map<Service, Integer> freePorts() {
    Map<Service, Integer> ports = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      ports.put(service, Ports.free());
    }
    return ports;
  }

  public int port(Service service) {
    return servicePorts.get(service);
  }
}
