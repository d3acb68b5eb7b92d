package io.maskwatch.stack.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** One Quarkus service run from its {@code target/quarkus-app} as a child process. */
public final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Service service;
  private final String name;
  private final int port;
  private final ManagedProcess process;
  private final OptionalInt core;

  private ServiceProcess(
      Service service, String name, int port, ManagedProcess process, OptionalInt core) {
    this.core = core;
    this.service = service;
    this.name = name;
    this.port = port;
    this.process = process;
  }

  /** The runnable jar Quarkus builds for {@code service} under {@code repoRoot}. */
  public static Path runnerJar(Path repoRoot, Service service) {
    return repoRoot.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
  }

  public static ServiceProcess start(
      Service service,
      Path repoRoot,
      String javaBin,
      List<String> jvmOptions,
      int port,
      Map<String, String> properties,
      Map<String, String> env,
      Path logDir) {
    return start(
        service,
        service.module(),
        repoRoot,
        javaBin,
        jvmOptions,
        port,
        properties,
        env,
        logDir,
        OptionalInt.empty());
  }

  /**
   * Starts one instance of {@code service}; {@code name} names its process and log ({@code
   * face-service}, {@code face-service-2}, ...).
   *
   * @param core the one CPU core the process is confined to ({@code taskset -c}, and the JVM told
   *     it has one processor), or empty for all of them
   */
  public static ServiceProcess start(
      Service service,
      String name,
      Path repoRoot,
      String javaBin,
      List<String> jvmOptions,
      int port,
      Map<String, String> properties,
      Map<String, String> env,
      Path logDir,
      OptionalInt core) {
    Path jar = runnerJar(repoRoot, service);
    if (!Files.isRegularFile(jar)) {
      throw new StackException(
          service.module()
              + " is not built ("
              + jar
              + " missing): run ./mvnw -B package -DskipTests");
    }
    if (Ports.inUse(port)) {
      throw new StackException(
          "port " + port + " for " + name + " is taken: is `./maskwatch up` already running?");
    }
    List<String> command = new ArrayList<>();
    if (core.isPresent()) {
      command.addAll(List.of("taskset", "-c", Integer.toString(core.getAsInt())));
    }
    command.add(javaBin);
    command.addAll(jvmOptions);
    if (core.isPresent()) {
      command.add("-XX:ActiveProcessorCount=1");
    }
    command.add("-Dquarkus.http.port=" + port);
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-jar", jar.toString()));
    ManagedProcess process =
        ManagedProcess.start(name, command, env, repoRoot, logDir.resolve(name + ".log"));
    return new ServiceProcess(service, name, port, process, core);
  }

  /** The CPU core it is confined to, if any. */
  public OptionalInt core() {
    return core;
  }

  public Service service() {
    return service;
  }

  /** The process's name: the module, with {@code -2}, {@code -3} ... for further instances. */
  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public ManagedProcess process() {
    return process;
  }

  /** Waits until {@code /q/health/ready} answers 200, failing early if the process dies. */
  public void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    String last = "no answer yet";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
            .timeout(Duration.ofSeconds(3))
            .build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new StackException(
            name
                + " exited while starting; last lines of "
                + process.log()
                + ":\n"
                + process.logTail(30));
      }
      try {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = "HTTP " + response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackException("interrupted while waiting for " + name, e);
      }
      KafkaServer.sleep(300);
    }
    throw new StackException(
        name + " was not ready within " + timeout + " (last: " + last + "); see " + process.log());
  }

  @Override
  public void close() {
    process.close();
  }
}
