package io.maskwatch.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's own files say about its configuration: {@code application.properties} (the
 * production profile: {@code %profile.} keys are ignored) and the keys its README documents.
 * Deployment files are checked against this, so a key misspelt in a ConfigMap, an environment
 * variable or docker-compose.yml is caught.
 */
record ServiceConfig(String module, Map<String, String> properties, Set<String> documentedKeys) {

  static final List<String> MODULES =
      List.of("ingest-service", "face-service", "mask-service", "alert-service");

  /** Keys every Quarkus service takes although no maskwatch file mentions them. */
  private static final Set<String> QUARKUS_KEYS =
      Set.of(
          "quarkus.log.level",
          "quarkus.http.port",
          "quarkus.datasource.username",
          "quarkus.datasource.password",
          "quarkus.datasource.jdbc.url");

  private static final Pattern DOCUMENTED_KEY =
      Pattern.compile("`((?:maskwatch|quarkus|kafka|mp)\\.[A-Za-z0-9.\\-]+)`");

  static ServiceConfig load(Path repoRoot, String module) {
    Path dir = repoRoot.resolve(module);
    Properties raw = new Properties();
    try (Reader in =
        Files.newBufferedReader(dir.resolve("src/main/resources/application.properties"))) {
      raw.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + module + "'s application.properties", e);
    }
    Map<String, String> props = new LinkedHashMap<>();
    raw.stringPropertyNames().stream()
        .filter(key -> !key.startsWith("%"))
        .sorted()
        .forEach(key -> props.put(key, raw.getProperty(key)));
    Set<String> documented = new TreeSet<>();
    try {
      Matcher m = DOCUMENTED_KEY.matcher(Files.readString(dir.resolve("README.md")));
      while (m.find()) {
        documented.add(m.group(1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + module + "'s README.md", e);
    }
    return new ServiceConfig(module, props, documented);
  }

  static Map<String, ServiceConfig> loadAll(Path repoRoot) {
    Map<String, ServiceConfig> all = new LinkedHashMap<>();
    MODULES.forEach(module -> all.put(module, load(repoRoot, module)));
    return all;
  }

  int httpPort() {
    return Integer.parseInt(properties.get("quarkus.http.port"));
  }

  /** A key the service reads: in its application.properties, its README, or a Quarkus basic. */
  boolean knows(String key) {
    return properties.containsKey(key)
        || documentedKeys.contains(key)
        || QUARKUS_KEYS.contains(key);
  }

  /** The known key whose environment-variable form is {@code envName}, if any. */
  Optional<String> keyForEnv(String envName) {
    return allKeys().stream().filter(key -> envName.equals(envName(key))).findFirst();
  }

  private Set<String> allKeys() {
    Set<String> keys = new TreeSet<>(properties.keySet());
    keys.addAll(documentedKeys);
    keys.addAll(QUARKUS_KEYS);
    return keys;
  }

  /** MicroProfile Config's environment form: every non-alphanumeric to _, upper case. */
  static String envName(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /**
   * Consumer groups by topic: {@code mp.messaging.incoming.<channel>.group.id} of Kafka channels
   * (topic = channel name unless {@code .topic} says otherwise). Groups made per instance (with
   * {@code ${quarkus.uuid}}) are left out: every replica reads all partitions of those.
   */
  Map<String, String> sharedConsumerGroups() {
    Map<String, String> groups = new LinkedHashMap<>();
    properties.forEach(
        (key, value) -> {
          Matcher m =
              Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.group\\.id").matcher(key);
          if (m.matches() && !value.contains("${")) {
            String channel = m.group(1);
            String topic =
                properties.getOrDefault("mp.messaging.incoming." + channel + ".topic", channel);
            groups.put(topic, value);
          }
        });
    return groups;
  }

  /** Every topic the service reads, writes or dead-letters to over Kafka. */
  Set<String> topics() {
    Set<String> topics = new TreeSet<>();
    Pattern connector =
        Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector");
    properties.forEach(
        (key, value) -> {
          Matcher m = connector.matcher(key);
          if (m.matches() && value.equals("smallrye-kafka")) {
            String prefix = "mp.messaging." + m.group(1) + "." + m.group(2);
            topics.add(properties.getOrDefault(prefix + ".topic", m.group(2)));
            String dlq = properties.get(prefix + ".dead-letter-queue.topic");
            if (dlq != null) {
              topics.add(dlq);
            }
          }
        });
    return topics;
  }
}
