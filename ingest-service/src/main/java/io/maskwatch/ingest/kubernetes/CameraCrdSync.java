package io.maskwatch.ingest.kubernetes;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.maskwatch.ingest.camera.CameraRejectedException;
import io.maskwatch.ingest.camera.CameraSpec;
import io.maskwatch.ingest.camera.CameraValidator;
import io.maskwatch.ingest.config.IngestConfig;
import io.maskwatch.ingest.messaging.CameraIngest;
import io.maskwatch.ingest.messaging.CameraRegistry;
import io.maskwatch.ingest.messaging.RegistryUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Syncs the {@code Camera} custom resources of one namespace into the camera registry (the
 * compacted {@code cameras} topic): added or modified → validated like a REST request (the URL read
 * from its Secret when {@code urlSecretRef} is set) and written; deleted → tombstone. A resource
 * that does not validate is logged (without secrets), skipped, and gets {@code .status.lastError};
 * the last valid definition of that camera, if any, stays.
 *
 * <p>Every replica runs the sync (no leader election): writes are idempotent, a definition equal to
 * the registry's current one (all but its timestamp) is not written again, and a tombstone only for
 * a camera the registry still has. Replicas that see the same change at once may both write it; the
 * records are equal but for {@code updatedAt}.
 *
 * <p>Off unless {@code maskwatch.ingest.kubernetes.sync-cameras=true}: the Kubernetes client is
 * then never created, so nothing tries to reach a cluster.
 */
@ApplicationScoped
public class CameraCrdSync {

  private static final Logger LOG = Logger.getLogger(CameraCrdSync.class);
  private static final Duration REGISTRY_WAIT = Duration.ofSeconds(30);

  private final IngestConfig.Kubernetes config;
  private final CameraIngest cameras;
  private final Instance<KubernetesClient> clients;
  private final MeterRegistry meters;
  private volatile ExecutorService worker;
  private volatile SharedIndexInformer<Camera> informer;
  private volatile KubernetesClient client;
  private volatile String namespace;

  public CameraCrdSync(
      IngestConfig config,
      CameraIngest cameras,
      Instance<KubernetesClient> clients,
      MeterRegistry meters) {
    this.config = config.kubernetes();
    this.cameras = cameras;
    this.clients = clients;
    this.meters = meters;
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.syncCameras()) {
      return;
    }
    client = clients.get();
    namespace =
        config.namespace().or(() -> Optional.ofNullable(client.getNamespace())).orElse("default");
    worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "camera-crd-sync");
              t.setDaemon(true);
              return t;
            });
    // Events are handled one at a time on the worker, after the registry has been read (so that
    // a start does not rewrite every definition), and never on the informer's own thread.
    worker.execute(this::awaitRegistry);
    SharedIndexInformer<Camera> inf =
        client
            .resources(Camera.class)
            .inNamespace(namespace)
            .runnableInformer(config.resync().toMillis());
    inf.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Camera camera) {
            submit(() -> apply(camera));
          }

          @Override
          public void onUpdate(Camera old, Camera camera) {
            submit(() -> apply(camera));
          }

          @Override
          public void onDelete(Camera camera, boolean finalStateUnknown) {
            submit(() -> remove(camera));
          }
        });
    inf.exceptionHandler(
        (started, e) -> {
          LOG.warnf("cameras: watching Camera resources in %s failed, retrying: %s", namespace, e);
          return true;
        });
    informer = inf;
    inf.start();
    LOG.infof("cameras: syncing Camera resources of namespace %s", namespace);
  }

  private void submit(Runnable task) {
    try {
      worker.execute(task);
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  private void awaitRegistry() {
    try {
      if (!registry().awaitCaughtUp(REGISTRY_WAIT)) {
        LOG.warnf(
            "cameras: registry not read within %d s; syncing Camera resources anyway",
            REGISTRY_WAIT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CameraRegistry registry() {
    return cameras.registry();
  }

  private void apply(Camera resource) {
    String id = resource.getMetadata().getName();
    String where = namespace + "/" + id;
    try {
      CameraSpec camera = toCamera(resource, cameras.validator());
      Optional<CameraSpec> current = registry().get(id);
      if (current.isPresent() && current.get().withUpdatedAt(camera.updatedAt()).equals(camera)) {
        count("unchanged");
      } else {
        registry().put(camera);
        count("written");
        LOG.infof("cameras: Camera %s written to the registry: %s", where, camera);
      }
      setLastError(resource, null);
    } catch (CameraRejectedException e) {
      count("rejected");
      String error = e.field() + ": " + e.getMessage();
      if (error.equals(lastError(resource))) {
        // Seen before (its own status update, or a resync): said once is enough.
        LOG.debugf("cameras: Camera %s still invalid: %s", where, error);
      } else {
        LOG.warnf("cameras: Camera %s skipped, invalid %s", where, error);
        setLastError(resource, error);
      }
    } catch (RegistryUnavailableException e) {
      count("failed");
      LOG.warnf(
          "cameras: Camera %s not written (tried again within %s): %s",
          where, config.resync(), e.getMessage());
    } catch (RuntimeException e) {
      count("failed");
      LOG.warnf("cameras: Camera %s not synced: %s", where, e.getClass().getSimpleName());
    }
  }

  private void remove(Camera resource) {
    String id = resource.getMetadata().getName();
    try {
      if (registry().get(id).isPresent()) {
        registry().delete(id);
        count("deleted");
        LOG.infof("cameras: Camera %s/%s deleted, tombstone written", namespace, id);
      }
    } catch (RegistryUnavailableException e) {
      count("failed");
      LOG.warnf(
          "cameras: tombstone of Camera %s/%s not written: %s", namespace, id, e.getMessage());
    }
  }

  /** The registry definition of a resource, validated; its URL from the Secret when referenced. */
  CameraSpec toCamera(Camera resource, CameraValidator validator) {
    CameraResourceSpec spec = resource.getSpec();
    if (spec == null) {
      throw new CameraRejectedException("spec", "spec is required");
    }
    String url = spec.urlSecretRef != null ? secretUrl(spec.urlSecretRef) : spec.url;
    return validator.validate(
        resource.getMetadata().getName(),
        spec.name,
        spec.site,
        spec.zone,
        url,
        spec.sampleFps,
        spec.maxWidth,
        spec.maxHeight,
        spec.enabled,
        Instant.now());
  }

  private String secretUrl(CameraResourceSpec.SecretKeyRef ref) {
    if (ref.name == null || ref.name.isBlank() || ref.key == null || ref.key.isBlank()) {
      throw new CameraRejectedException("urlSecretRef", "urlSecretRef needs a name and a key");
    }
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(ref.name).get();
    } catch (KubernetesClientException e) {
      throw new CameraRejectedException(
          "urlSecretRef", "Secret " + ref.name + " could not be read (HTTP " + e.getCode() + ")");
    }
    if (secret == null) {
      throw new CameraRejectedException("urlSecretRef", "Secret " + ref.name + " not found");
    }
    String encoded = value(secret.getData(), ref.key);
    if (encoded != null) {
      try {
        return new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new CameraRejectedException(
            "urlSecretRef", "Secret " + ref.name + " key " + ref.key + " is not base64");
      }
    }
    String plain = value(secret.getStringData(), ref.key);
    if (plain == null) {
      throw new CameraRejectedException(
          "urlSecretRef", "Secret " + ref.name + " has no key " + ref.key);
    }
    return plain;
  }

  private static String value(Map<String, String> data, String key) {
    return data == null ? null : data.get(key);
  }

  private static String lastError(Camera resource) {
    return resource.getStatus() == null ? null : resource.getStatus().lastError;
  }

  /** Sets (or clears) {@code .status.lastError}, only when it differs (no event loop). */
  private void setLastError(Camera resource, String error) {
    if (Objects.equals(lastError(resource), error)) {
      return;
    }
    try {
      client
          .resources(Camera.class)
          .inNamespace(namespace)
          .withName(resource.getMetadata().getName())
          .editStatus(
              camera -> {
                if (camera.getStatus() == null) {
                  camera.setStatus(new CameraResourceStatus());
                }
                camera.getStatus().lastError = error;
                return camera;
              });
    } catch (KubernetesClientException e) {
      LOG.debugf(
          "cameras: status of Camera %s/%s not updated (HTTP %d)",
          namespace, resource.getMetadata().getName(), e.getCode());
    }
  }

  private void count(String outcome) {
    meters.counter("maskwatch.camera.crd.sync", "outcome", outcome).increment();
  }

  @PreDestroy
  void stop() {
    if (informer != null) {
      informer.stop();
    }
    if (worker != null) {
      worker.shutdownNow();
    }
  }
}
