package io.maskwatch.alert.pipeline;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.maskwatch.alert.config.AlertConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * The pipeline page: in a cluster each service's Deployment (replicas, pods, autoscaler) from the
 * Kubernetes API; outside one the consumers Kafka knows stand for the instances. Lag and throughput
 * come from Kafka in both modes.
 */
@ApplicationScoped
public class PipelineService {

  private static final Logger LOG = Logger.getLogger(PipelineService.class);

  /** Mounted into every pod whose service account has a token. */
  static final Path SERVICE_ACCOUNT_TOKEN =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  /** The services listed, in pipeline order. */
  static final List<String> SERVICES =
      List.of("ingest-service", "face-service", "mask-service", "alert-service");

  /** Lag of one group on one topic. */
  public record Lag(String topic, String group, long lag) {}

  /** Committed messages per second of one service's group since the previous look (or null). */
  public record Throughput(String service, Double perSecond) {}

  /** The whole page. */
  public record PipelineState(
      String mode, List<ServiceState> services, List<Lag> lag, List<Throughput> throughput) {}

  private final AlertConfig.Pipeline config;
  private final ConsumerGroups groups;
  private final Instance<KubernetesClient> kubernetes;
  private final String mode;

  public PipelineService(
      AlertConfig config, ConsumerGroups groups, Instance<KubernetesClient> kubernetes) {
    this.config = config.pipeline();
    this.groups = groups;
    this.kubernetes = kubernetes;
    this.mode = mode(this.config.mode());
  }

  static String mode(String configured) {
    return switch (configured.toLowerCase(Locale.ROOT)) {
      case "kubernetes" -> "kubernetes";
      case "local" -> "local";
      case "auto" -> Files.exists(SERVICE_ACCOUNT_TOKEN) ? "kubernetes" : "local";
      default ->
          throw new IllegalArgumentException(
              "maskwatch.alert.pipeline.mode must be auto, kubernetes or local, got '"
                  + configured
                  + "'");
    };
  }

  public String mode() {
    return mode;
  }

  public PipelineState state() {
    List<ConsumerGroups.StageState> stages = groups.read();
    List<Lag> lag = new ArrayList<>();
    List<Throughput> throughput = new ArrayList<>();
    for (ConsumerGroups.StageState stage : stages) {
      lag.add(new Lag(stage.stage().topic(), stage.stage().group(), stage.lag()));
      throughput.add(new Throughput(stage.stage().service(), stage.perSecond()));
    }
    List<ServiceState> services = new ArrayList<>();
    if (mode.equals("kubernetes")) {
      Cluster cluster = cluster();
      for (String name : SERVICES) {
        try {
          cluster.service(name).ifPresent(services::add);
        } catch (KubernetesClientException e) {
          throw unavailable(e);
        }
      }
    } else {
      for (ConsumerGroups.StageState stage : stages) {
        List<ServiceState.Instance> instances =
            stage.members().stream()
                .map(m -> new ServiceState.Instance(m.clientId() + " " + m.host(), true))
                .toList();
        services.add(
            new ServiceState(
                stage.stage().service(),
                instances.size(),
                instances.size(),
                null,
                null,
                null,
                instances));
      }
    }
    return new PipelineState(mode, services, lag, throughput);
  }

  /** Scales one of the scalable services (see {@link Cluster#scale}). */
  public ServiceState scale(String service, Integer replicas) {
    if (service == null || !config.scalable().contains(service)) {
      throw new ScaleRefusedException(
          400, "service must be one of " + config.scalable() + ", got '" + service + "'");
    }
    if (replicas == null || replicas < 0 || replicas > config.maxReplicas()) {
      throw new ScaleRefusedException(
          400, "replicas must be between 0 and " + config.maxReplicas() + ", got " + replicas);
    }
    if (!mode.equals("kubernetes")) {
      throw new ScaleRefusedException(
          409,
          "not running in a Kubernetes cluster (maskwatch.alert.pipeline.mode="
              + config.mode()
              + "): start or stop "
              + service
              + " processes yourself");
    }
    try {
      ServiceState state = cluster().scale(service, replicas);
      LOG.infof("pipeline: %s scaled to %d replica(s) (%s)", service, replicas, describe(state));
      return state;
    } catch (KubernetesClientException e) {
      throw unavailable(e);
    }
  }

  private static String describe(ServiceState state) {
    return state.autoscaler() == null
        ? "Deployment"
        : state.autoscaler() + " bounds " + state.min() + ".." + state.max();
  }

  private Cluster cluster() {
    KubernetesClient client = kubernetes.get();
    String namespace = config.namespace().orElseGet(client::getNamespace);
    return new Cluster(client, namespace == null ? "default" : namespace);
  }

  private static PipelineUnavailableException unavailable(KubernetesClientException e) {
    return new PipelineUnavailableException(
        "the Kubernetes API refused or did not answer (" + e.getCode() + "): " + e.getMessage());
  }
}
