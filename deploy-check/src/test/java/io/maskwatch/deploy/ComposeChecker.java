package io.maskwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * docker-compose.yml against the services' own configuration (where {@code docker compose config}
 * is not available): the services are there, each publishes its {@code quarkus.http.port}, checks
 * {@code /q/health/ready} on it, builds from its Dockerfile, sets only keys it reads (in
 * environment form), reaches Kafka at the broker's advertised in-network listener, and the topic
 * set-up creates every topic the services use.
 */
final class ComposeChecker {

  private static final Set<String> PROCESS_ENV =
      Set.of("JAVA_OPTS", "TENSORFLOW_LIBRARY_PATH", "TF_CPP_MIN_LOG_LEVEL", "DJL_CACHE_DIR");

  private ComposeChecker() {}

  static List<String> check(Path repoRoot, Map<String, ServiceConfig> services, String yaml)
      throws IOException {
    List<String> problems = new ArrayList<>();
    JsonNode compose = new YAMLMapper().readTree(yaml);
    JsonNode all = compose.path("services");
    for (String infra : List.of("kafka", "kafka-topics", "postgres")) {
      if (!all.has(infra)) {
        problems.add("no service " + infra);
      }
    }
    String advertised =
        all.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText();
    String topicsCommand = all.path("kafka-topics").path("command").toString();
    for (ServiceConfig config : services.values()) {
      String name = config.module();
      JsonNode service = all.path(name);
      if (service.isMissingNode()) {
        problems.add("no service " + name);
        continue;
      }
      int port = config.httpPort();
      String dockerfile = service.path("build").path("dockerfile").asText();
      if (!Files.isRegularFile(repoRoot.resolve(dockerfile))) {
        problems.add(name + ": build.dockerfile " + dockerfile + " does not exist");
      }
      boolean published = false;
      for (JsonNode mapping : service.path("ports")) {
        published |= mapping.asText().endsWith(":" + port);
      }
      if (!published) {
        problems.add(name + ": does not publish its port " + port + " (quarkus.http.port)");
      }
      if (!service
          .path("healthcheck")
          .path("test")
          .toString()
          .contains("localhost:" + port + "/q/health/ready")) {
        problems.add(name + ": healthcheck must GET http://localhost:" + port + "/q/health/ready");
      }
      if (!service.path("depends_on").has("kafka-topics")) {
        problems.add(name + ": must depend on kafka-topics (the topics exist before it starts)");
      }
      JsonNode env = service.path("environment");
      if (!env.isObject()) {
        problems.add(name + ": environment must be a map");
        continue;
      }
      env.fieldNames()
          .forEachRemaining(
              key -> {
                if (!PROCESS_ENV.contains(key) && config.keyForEnv(key).isEmpty()) {
                  problems.add(
                      name + ": environment " + key + " is no configuration key of " + name);
                }
              });
      String bootstrap = env.path("KAFKA_BOOTSTRAP_SERVERS").asText();
      if (bootstrap.isEmpty() || !advertised.contains("://" + bootstrap)) {
        problems.add(
            name
                + ": KAFKA_BOOTSTRAP_SERVERS '"
                + bootstrap
                + "' is not a listener Kafka advertises ("
                + advertised
                + ")");
      }
      for (String topic : config.topics()) {
        if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(topic) + "(?![\\w-])")
            .matcher(topicsCommand)
            .find()) {
          problems.add("kafka-topics does not create " + topic + ", which " + name + " uses");
        }
      }
    }
    JsonNode alertEnv = all.path("alert-service").path("environment");
    JsonNode pg = all.path("postgres").path("environment");
    String jdbc = alertEnv.path("QUARKUS_DATASOURCE_JDBC_URL").asText();
    if (!jdbc.equals("jdbc:postgresql://postgres:5432/" + pg.path("POSTGRES_DB").asText())) {
      problems.add(
          "alert-service: QUARKUS_DATASOURCE_JDBC_URL "
              + jdbc
              + " is not the postgres service's database");
    }
    if (!alertEnv
            .path("QUARKUS_DATASOURCE_USERNAME")
            .asText()
            .equals(pg.path("POSTGRES_USER").asText())
        || !alertEnv
            .path("QUARKUS_DATASOURCE_PASSWORD")
            .asText()
            .equals(pg.path("POSTGRES_PASSWORD").asText())) {
      problems.add("alert-service: the datasource login differs from the postgres service's");
    }
    return problems;
  }
}
