package io.maskwatch.stack.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    Optional<Path> yunetModel) {

  public static final List<String> DEFAULT_SERVICE_JVM_OPTIONS =
      List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  public StackOptions {
    servicePorts = Map.copyOf(servicePorts);
    serviceJvmOptions = List.copyOf(serviceJvmOptions);
    for (Service service : Service.values()) {
      if (!servicePorts.containsKey(service)) {
        throw new IllegalArgumentException("no port for " + service.module());
      }
    }
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
