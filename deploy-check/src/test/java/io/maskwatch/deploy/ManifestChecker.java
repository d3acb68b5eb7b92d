package io.maskwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules every rendered overlay must follow. {@link #check} returns one line per problem (empty
 * = fine), so a test shows all of them at once:
 *
 * <ul>
 *   <li>every document parses into the fabric8 model with no unknown field; custom resources match
 *       {@code crd-schemas.yaml}, Cameras their CRD's schema; no kind the project does not know
 *   <li>every container of a Deployment or StatefulSet has liveness and readiness probes and CPU
 *       and memory requests and limits; the four services also a startup probe on Quarkus' health
 *       endpoints, their HTTP port, a non-root security context, topology spread, a PDB and a
 *       Service
 *   <li>configuration keys (ConfigMaps, environment variables) are keys the service reads
 *   <li>every topic a service uses has a KafkaTopic (when Kafka is in the overlay) with at least as
 *       many partitions as the most replicas any consumer group reading it can have (KEDA
 *       maxReplicaCount, else HPA maxReplicas, else replicas); one autoscaler per Deployment; KEDA
 *       triggers name the group and topic the service really consumes
 * </ul>
 */
final class ManifestChecker {

  /** Environment variables that are not Quarkus properties but the processes read. */
  private static final Set<String> PROCESS_ENV =
      Set.of(
          "JAVA_OPTS",
          "TENSORFLOW_LIBRARY_PATH",
          "TF_CPP_MIN_LOG_LEVEL",
          "TF_FORCE_GPU_ALLOW_GROWTH",
          "DJL_CACHE_DIR");

  private static final Set<String> KAFKA_TRIGGER_KEYS =
      Set.of(
          "bootstrapServers",
          "consumerGroup",
          "topic",
          "lagThreshold",
          "activationLagThreshold",
          "offsetResetPolicy",
          "allowIdleConsumers",
          "scaleToZeroOnInvalidOffset",
          "excludePersistentLag",
          "limitToPartitionsWithLag",
          "ensureEvenDistributionOfPartitions",
          "partitionLimitation",
          "version",
          "sasl",
          "tls");
  private static final Set<String> CPU_TRIGGER_KEYS = Set.of("value", "containerName");

  private final Map<String, ServiceConfig> services;
  private final List<Manifest> docs;
  private final List<String> problems = new ArrayList<>();

  private ManifestChecker(Map<String, ServiceConfig> services, List<Manifest> docs) {
    this.services = services;
    this.docs = docs;
  }

  static List<String> check(Map<String, ServiceConfig> services, List<Manifest> docs) {
    ManifestChecker checker = new ManifestChecker(services, docs);
    checker.run();
    return checker.problems;
  }

  private void run() {
    docs.forEach(this::checkModel);
    of(Deployment.class)
        .forEach(d -> checkWorkload(d.getMetadata().getName(), pod(d), "Deployment"));
    of(StatefulSet.class)
        .forEach(
            s ->
                checkWorkload(
                    s.getMetadata().getName(), s.getSpec().getTemplate().getSpec(), "StatefulSet"));
    of(Deployment.class).stream()
        .filter(d -> services.containsKey(d.getMetadata().getName()))
        .forEach(this::checkService);
    checkAutoscalers();
    checkTopics();
  }

  // --- the model: parse errors, unknown fields, unknown kinds -----------------------------------

  private void checkModel(Manifest doc) {
    if (doc.parseError() != null) {
      problems.add(doc.label() + ": does not parse: " + doc.parseError());
      return;
    }
    if (doc.typed()) {
      UnknownFields.find(doc.object())
          .forEach(field -> problems.add(doc.label() + ": unknown field " + field));
      return;
    }
    Optional<JsonNode> schema = CrdSchemas.schemaOf(doc.apiVersion(), doc.kind());
    if (schema.isPresent()) {
      CrdSchemas.check(doc.tree(), schema.get()).forEach(p -> problems.add(doc.label() + ": " + p));
      return;
    }
    Optional<JSONSchemaProps> crdSchema = crdSchemaOf(doc.apiVersion(), doc.kind());
    if (crdSchema.isPresent()) {
      OpenApiCheck.check(doc.tree(), crdSchema.get())
          .forEach(p -> problems.add(doc.label() + ": " + p));
      return;
    }
    problems.add(
        doc.label()
            + ": unknown kind "
            + doc.apiVersion()
            + " "
            + doc.kind()
            + " (neither a Kubernetes kind fabric8 knows, nor in crd-schemas.yaml, nor a CRD here)");
  }

  /** The schema of a custom resource whose CustomResourceDefinition is in the same render. */
  private Optional<JSONSchemaProps> crdSchemaOf(String apiVersion, String kind) {
    for (CustomResourceDefinition crd : of(CustomResourceDefinition.class)) {
      if (!crd.getSpec().getNames().getKind().equals(kind)) {
        continue;
      }
      for (var version : crd.getSpec().getVersions()) {
        if ((crd.getSpec().getGroup() + "/" + version.getName()).equals(apiVersion)) {
          return Optional.of(version.getSchema().getOpenAPIV3Schema());
        }
      }
    }
    return Optional.empty();
  }

  // --- workloads ---------------------------------------------------------------------------------

  private void checkWorkload(String name, PodSpec pod, String kind) {
    String label = kind + "/" + name;
    var podSecurity = pod.getSecurityContext();
    for (Container c : pod.getContainers()) {
      String where = label + " container " + c.getName();
      restricted(where, podSecurity, c.getSecurityContext());
      if (c.getLivenessProbe() == null) {
        problems.add(where + ": no livenessProbe");
      }
      if (c.getReadinessProbe() == null) {
        problems.add(where + ": no readinessProbe");
      }
      ResourceRequirements r = c.getResources();
      for (String part : List.of("requests", "limits")) {
        var amounts = r == null ? null : part.equals("requests") ? r.getRequests() : r.getLimits();
        for (String resource : List.of("cpu", "memory")) {
          if (amounts == null || !amounts.containsKey(resource)) {
            problems.add(where + ": no " + resource + " in resources." + part);
          }
        }
      }
    }
  }

  /**
   * The namespace enforces Pod Security "restricted": a pod that breaks it is refused at admission,
   * so every container must run as non-root, without privilege escalation, with all capabilities
   * dropped and the RuntimeDefault seccomp profile (on the pod or the container).
   */
  private void restricted(
      String where,
      io.fabric8.kubernetes.api.model.PodSecurityContext pod,
      io.fabric8.kubernetes.api.model.SecurityContext container) {
    boolean nonRoot =
        (container != null && Boolean.TRUE.equals(container.getRunAsNonRoot()))
            || (pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot()));
    String seccomp =
        container != null && container.getSeccompProfile() != null
            ? container.getSeccompProfile().getType()
            : pod != null && pod.getSeccompProfile() != null
                ? pod.getSeccompProfile().getType()
                : null;
    boolean noEscalation =
        container != null && Boolean.FALSE.equals(container.getAllowPrivilegeEscalation());
    boolean dropsAll =
        container != null
            && container.getCapabilities() != null
            && container.getCapabilities().getDrop() != null
            && container.getCapabilities().getDrop().contains("ALL");
    if (!nonRoot || !"RuntimeDefault".equals(seccomp) || !noEscalation || !dropsAll) {
      problems.add(
          where
              + ": breaks Pod Security 'restricted' (needs runAsNonRoot, seccompProfile"
              + " RuntimeDefault, allowPrivilegeEscalation false, capabilities.drop [ALL])");
    }
  }

  private void checkService(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    ServiceConfig config = services.get(name);
    String label = "Deployment/" + name;
    PodSpec pod = pod(deployment);
    int port = config.httpPort();
    Container c =
        pod.getContainers().stream().filter(x -> x.getName().equals(name)).findFirst().orElse(null);
    if (c == null) {
      problems.add(label + ": no container named " + name);
      return;
    }
    boolean portDeclared =
        c.getPorts() != null
            && c.getPorts().stream()
                .anyMatch(p -> p.getContainerPort() == port && "http".equals(p.getName()));
    if (!portDeclared) {
      problems.add(label + ": container port http must be " + port + " (quarkus.http.port)");
    }
    probe(label, "startupProbe", c.getStartupProbe(), "/q/health/started");
    probe(label, "readinessProbe", c.getReadinessProbe(), "/q/health/ready");
    probe(label, "livenessProbe", c.getLivenessProbe(), "/q/health/live");

    var podSecurity = pod.getSecurityContext();
    if (podSecurity == null || !Boolean.TRUE.equals(podSecurity.getRunAsNonRoot())) {
      problems.add(label + ": pod securityContext.runAsNonRoot must be true");
    }
    var security = c.getSecurityContext();
    if (security == null
        || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())
        || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())
        || security.getCapabilities() == null
        || !List.of("ALL").equals(security.getCapabilities().getDrop())) {
      problems.add(
          label
              + ": container securityContext needs allowPrivilegeEscalation false,"
              + " readOnlyRootFilesystem true, capabilities.drop [ALL]");
    }
    if (pod.getTopologySpreadConstraints() == null
        || pod.getTopologySpreadConstraints().isEmpty()) {
      problems.add(label + ": no topologySpreadConstraints");
    }
    if (!name.equals(pod.getServiceAccountName())) {
      problems.add(label + ": serviceAccountName must be " + name);
    }
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    boolean hasPdb =
        of(PodDisruptionBudget.class).stream()
            .anyMatch(pdb -> selects(pdb.getSpec().getSelector().getMatchLabels(), podLabels));
    if (!hasPdb) {
      problems.add(label + ": no PodDisruptionBudget selects its pods");
    }
    boolean hasService =
        of(Service.class).stream()
            .anyMatch(
                s ->
                    selects(s.getSpec().getSelector(), podLabels)
                        && s.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port));
    if (!hasService) {
      problems.add(label + ": no Service on port " + port + " selects its pods");
    }
    if (hasKafka()) {
      String bootstrap = configValue(name, "kafka.bootstrap.servers");
      String expected = kafkaName() + "-kafka-bootstrap";
      if (bootstrap == null || !bootstrap.startsWith(expected + ":")) {
        problems.add(
            label + ": kafka.bootstrap.servers is " + bootstrap + ", not the Strimzi " + expected);
      }
    }
    checkEnv(label, config, c);
  }

  private void probe(String label, String which, Probe probe, String path) {
    if (probe == null) {
      problems.add(label + ": no " + which);
    } else if (probe.getHttpGet() == null || !path.equals(probe.getHttpGet().getPath())) {
      problems.add(label + ": " + which + " must GET " + path);
    }
  }

  private void checkEnv(String label, ServiceConfig config, Container c) {
    for (EnvVar env : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
      String name = env.getName();
      var from = env.getValueFrom();
      if (from != null && from.getConfigMapKeyRef() != null) {
        String map = from.getConfigMapKeyRef().getName();
        String key = from.getConfigMapKeyRef().getKey();
        if (!ServiceConfig.envName(key).equals(name)) {
          problems.add(
              label
                  + ": env "
                  + name
                  + " takes ConfigMap key "
                  + key
                  + ", whose variable is "
                  + ServiceConfig.envName(key));
        }
        Optional<ConfigMap> configMap = named(ConfigMap.class, map);
        if (configMap.isEmpty()) {
          problems.add(label + ": env " + name + " refers to missing ConfigMap " + map);
        } else if (configMap.get().getData() == null
            || !configMap.get().getData().containsKey(key)) {
          problems.add(label + ": env " + name + " refers to missing key " + key + " of " + map);
        }
      } else if (!PROCESS_ENV.contains(name) && config.keyForEnv(name).isEmpty()) {
        problems.add(label + ": env " + name + " is no configuration key of " + config.module());
      }
    }
    named(ConfigMap.class, config.module())
        .ifPresent(
            map ->
                map.getData()
                    .keySet()
                    .forEach(
                        key -> {
                          if (!config.knows(key)) {
                            problems.add(
                                "ConfigMap/"
                                    + config.module()
                                    + ": "
                                    + key
                                    + " is not a key "
                                    + config.module()
                                    + " reads (application.properties, README)");
                          }
                        }));
  }

  // --- autoscaling -------------------------------------------------------------------------------

  private void checkAutoscalers() {
    Map<String, String> owner = new HashMap<>();
    for (HorizontalPodAutoscaler hpa : of(HorizontalPodAutoscaler.class)) {
      String target = hpa.getSpec().getScaleTargetRef().getName();
      claim(owner, target, "HorizontalPodAutoscaler/" + hpa.getMetadata().getName());
      if (hpa.getSpec().getMinReplicas() != null
          && hpa.getSpec().getMinReplicas() > hpa.getSpec().getMaxReplicas()) {
        problems.add("HorizontalPodAutoscaler/" + target + ": minReplicas > maxReplicas");
      }
    }
    for (Manifest so : custom("ScaledObject")) {
      JsonNode spec = so.tree().path("spec");
      String target = spec.path("scaleTargetRef").path("name").asText();
      claim(owner, target, "ScaledObject/" + so.name());
      if (spec.path("minReplicaCount").asInt(0) > spec.path("maxReplicaCount").asInt(100)) {
        problems.add(so.label() + ": minReplicaCount > maxReplicaCount");
      }
      for (JsonNode trigger : spec.path("triggers")) {
        checkTrigger(so, target, trigger);
      }
    }
  }

  private void claim(Map<String, String> owner, String target, String autoscaler) {
    if (named(Deployment.class, target).isEmpty()) {
      problems.add(autoscaler + ": scales Deployment " + target + ", which is not here");
    }
    String earlier = owner.putIfAbsent(target, autoscaler);
    if (earlier != null) {
      problems.add(
          autoscaler
              + " and "
              + earlier
              + " both scale Deployment "
              + target
              + ": they would fight");
    }
  }

  private void checkTrigger(Manifest so, String target, JsonNode trigger) {
    String type = trigger.path("type").asText();
    JsonNode meta = trigger.path("metadata");
    Set<String> allowed =
        switch (type) {
          case "kafka" -> KAFKA_TRIGGER_KEYS;
          case "cpu", "memory" -> CPU_TRIGGER_KEYS;
          default -> null;
        };
    if (allowed == null) {
      problems.add(so.label() + ": trigger type " + type + " is not one this project uses");
      return;
    }
    meta.fieldNames()
        .forEachRemaining(
            key -> {
              if (!allowed.contains(key)) {
                problems.add(so.label() + ": unknown " + type + " trigger metadata " + key);
              }
            });
    if (!type.equals("kafka")) {
      return;
    }
    ServiceConfig config = services.get(target);
    String topic = meta.path("topic").asText();
    String group = meta.path("consumerGroup").asText();
    if (config == null || !group.equals(config.sharedConsumerGroups().get(topic))) {
      problems.add(
          so.label()
              + ": kafka trigger on group "
              + group
              + "/topic "
              + topic
              + ", but "
              + target
              + " consumes "
              + (config == null ? "nothing" : config.sharedConsumerGroups()));
    }
    try {
      if (Long.parseLong(meta.path("lagThreshold").asText()) <= 0) {
        problems.add(so.label() + ": lagThreshold must be positive");
      }
    } catch (NumberFormatException e) {
      problems.add(so.label() + ": lagThreshold must be a whole number");
    }
    String bootstrap = configValue(target, "kafka.bootstrap.servers");
    if (!meta.path("bootstrapServers").asText().equals(bootstrap)) {
      problems.add(
          so.label()
              + ": bootstrapServers "
              + meta.path("bootstrapServers").asText()
              + " differs from the service's kafka.bootstrap.servers "
              + bootstrap);
    }
  }

  /** The most replicas a Deployment can have: its autoscaler's maximum, else its replicas. */
  int maxReplicas(String deployment) {
    for (Manifest so : custom("ScaledObject")) {
      if (so.tree().path("spec").path("scaleTargetRef").path("name").asText().equals(deployment)) {
        return so.tree().path("spec").path("maxReplicaCount").asInt(100);
      }
    }
    for (HorizontalPodAutoscaler hpa : of(HorizontalPodAutoscaler.class)) {
      if (hpa.getSpec().getScaleTargetRef().getName().equals(deployment)) {
        return hpa.getSpec().getMaxReplicas();
      }
    }
    return named(Deployment.class, deployment)
        .map(d -> Objects.requireNonNullElse(d.getSpec().getReplicas(), 1))
        .orElse(0);
  }

  // --- topics ------------------------------------------------------------------------------------

  private void checkTopics() {
    if (!hasKafka()) {
      return;
    }
    Map<String, Manifest> topics = topicsInRender();
    int brokers =
        custom("KafkaNodePool").stream()
            .filter(p -> p.tree().path("spec").path("roles").toString().contains("broker"))
            .mapToInt(p -> p.tree().path("spec").path("replicas").asInt())
            .sum();
    for (Manifest topic : topics.values()) {
      String cluster =
          topic.tree().path("metadata").path("labels").path("strimzi.io/cluster").asText();
      if (!cluster.equals(kafkaName())) {
        problems.add(
            topic.label() + ": label strimzi.io/cluster is '" + cluster + "', not " + kafkaName());
      }
      JsonNode spec = topic.tree().path("spec");
      if (spec.path("replicas").asInt() > brokers) {
        problems.add(
            topic.label()
                + ": "
                + spec.path("replicas").asInt()
                + " replicas but "
                + brokers
                + " brokers");
      }
      JsonNode minIsr = spec.path("config").path("min.insync.replicas");
      if (!minIsr.isMissingNode() && minIsr.asInt() > spec.path("replicas").asInt()) {
        problems.add(
            topic.label() + ": min.insync.replicas above replicas: no write would succeed");
      }
    }
    for (ServiceConfig config : services.values()) {
      if (named(Deployment.class, config.module()).isEmpty()) {
        continue;
      }
      for (String used : config.topics()) {
        if (!topics.containsKey(used)) {
          problems.add(
              config.module() + " uses topic " + used + ", but there is no KafkaTopic for it");
        }
      }
      config
          .sharedConsumerGroups()
          .forEach(
              (topicName, group) -> {
                Manifest topic = topics.get(topicName);
                if (topic == null) {
                  return;
                }
                int partitions = topic.tree().path("spec").path("partitions").asInt();
                int replicas = maxReplicas(config.module());
                if (partitions < replicas) {
                  problems.add(
                      topic.label()
                          + ": "
                          + partitions
                          + " partitions, but consumer group "
                          + group
                          + " ("
                          + config.module()
                          + ") can have "
                          + replicas
                          + " replicas: the extra ones would sit idle");
                }
              });
    }
    Manifest frames = topics.get("frames");
    ServiceConfig ingest = services.get("ingest-service");
    if (frames != null && ingest != null) {
      JsonNode config = frames.tree().path("spec").path("config");
      long maxRequest =
          Long.parseLong(
              ingest
                  .properties()
                  .getOrDefault("mp.messaging.outgoing.frames.max.request.size", "1048576"));
      if (config.path("max.message.bytes").asLong(0) < maxRequest) {
        problems.add(
            frames.label() + ": max.message.bytes below ingest's max.request.size " + maxRequest);
      }
      long retention = config.path("retention.ms").asLong(-1);
      if (retention <= 0 || retention > 7L * 24 * 3600 * 1000) {
        problems.add(
            frames.label() + ": retention.ms must be set, at most 7 days (frames are pictures)");
      }
    }
  }

  private Map<String, Manifest> topicsInRender() {
    Map<String, Manifest> topics = new LinkedHashMap<>();
    for (Manifest topic : custom("KafkaTopic")) {
      String name = topic.tree().path("spec").path("topicName").asText(topic.name());
      topics.put(name.isEmpty() ? topic.name() : name, topic);
    }
    return topics;
  }

  private boolean hasKafka() {
    return !custom("Kafka").isEmpty();
  }

  private String kafkaName() {
    return custom("Kafka").stream().findFirst().map(Manifest::name).orElse("");
  }

  // --- helpers -----------------------------------------------------------------------------------

  private String configValue(String module, String key) {
    return named(ConfigMap.class, module)
        .map(ConfigMap::getData)
        .map(data -> data.get(key))
        .orElse(null);
  }

  private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return selector != null
        && !selector.isEmpty()
        && labels != null
        && labels.entrySet().containsAll(selector.entrySet());
  }

  private static PodSpec pod(Deployment d) {
    return d.getSpec().getTemplate().getSpec();
  }

  private <T> List<T> of(Class<T> type) {
    return docs.stream().map(Manifest::object).filter(type::isInstance).map(type::cast).toList();
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> Optional<T> named(
      Class<T> type, String name) {
    return of(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  private List<Manifest> custom(String kind) {
    return docs.stream()
        .filter(d -> d.object() instanceof GenericKubernetesResource && d.kind().equals(kind))
        .toList();
  }
}
