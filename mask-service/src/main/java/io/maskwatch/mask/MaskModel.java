package io.maskwatch.mask;

import ai.djl.engine.Engine;
import io.maskwatch.mask.config.MaskConfig;
import io.maskwatch.mask.domain.InferencePool;
import io.maskwatch.mask.domain.ModelIdentity;
import io.maskwatch.mask.domain.PoolListener;
import io.maskwatch.mask.domain.PoolSettings;
import io.maskwatch.mask.domain.SinglePredictor;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.model.ModelContract;
import io.maskwatch.vision.model.ModelMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The service's classifier: loaded from {@code maskwatch.mask.model-dir}, served by an {@link
 * InferencePool} of warmed-up workers, and replaceable while running: {@link #reload} loads and
 * warms up a new model beside the old one, then swaps them at once; faces already queued on the old
 * pool finish there, with the old model's identity on their verdicts. Loading never throws: a model
 * that cannot be loaded leaves the service alive and not ready, with the reason in {@link
 * #status()} for the readiness check to show (or, for a reload, the old model serving).
 */
@Singleton
public class MaskModel {

  static final String ENGINE = "TensorFlow";
  static final String INTRA_OP_PROPERTY = "ai.djl.tensorflow.num_intraop_threads";
  static final String INTER_OP_PROPERTY = "ai.djl.tensorflow.num_interop_threads";
  static final String LIBRARY_PATH_VARIABLE = "TENSORFLOW_LIBRARY_PATH";

  private static final Logger LOG = Logger.getLogger(MaskModel.class);

  private final MaskConfig config;
  private final PoolListener listener;
  private final String modelDir;
  private final ReadWriteLock swap = new ReentrantReadWriteLock();
  private volatile ModelStatus status;
  private volatile Loaded current;
  private String device;

  /** A model in service: the classifier, its workers, and who it is. */
  public record Loaded(MaskClassifier classifier, InferencePool pool, ModelIdentity identity) {
    void close() {
      pool.close();
      classifier.close();
    }
  }

  public MaskModel(MaskConfig config, PoolListener listener) {
    this.config = config;
    this.listener = listener;
    this.modelDir = resolve(config.modelDir());
    this.status = ModelStatus.loading(modelDir);
  }

  /** Loads and warms up the configured model once; later calls return at once. Never throws. */
  public synchronized ModelStatus load() {
    if (status.state() != ModelStatus.State.LOADING) {
      return status;
    }
    try {
      Loaded loaded = withAppClassLoader(() -> loadAndWarmUp(modelDir));
      current = loaded;
      status = ready(modelDir, loaded);
    } catch (RuntimeException | LinkageError e) {
      // LinkageError: a native library that is missing or does not match (UnsatisfiedLinkError).
      status = ModelStatus.failed(modelDir, describe(e));
    }
    if (status.isReady()) {
      logLoaded("loaded", status);
    } else {
      LOG.errorf("mask classifier not loaded, the service stays not ready: %s", status.reason());
    }
    return status;
  }

  /**
   * Loads the model in {@code dir} (the current model's directory when null), warms up its workers,
   * then makes it the one every new frame uses; the old one finishes the faces it has queued and is
   * closed. Reloads run one at a time.
   *
   * @return the new status (ready, with the new identity)
   * @throws IllegalStateException when the service has no model yet (still loading, or failed)
   * @throws RuntimeException with the reason when the new model cannot be loaded; the old one keeps
   *     serving
   */
  public synchronized ModelStatus reload(String dir) {
    if (!status.isReady()) {
      throw new IllegalStateException(
          "no model to replace yet (" + status.state().name().toLowerCase() + ")");
    }
    String target = dir == null || dir.isBlank() ? status.modelDir() : resolve(dir);
    Loaded next;
    try {
      next = withAppClassLoader(() -> loadAndWarmUp(target));
    } catch (LinkageError e) {
      throw new IllegalStateException(describe(e), e);
    }
    Loaded previous;
    swap.writeLock().lock();
    try {
      previous = current;
      current = next;
      status = ready(target, next);
    } finally {
      swap.writeLock().unlock();
    }
    logLoaded("swapped in (was " + previous.identity().sha256() + ")", status);
    // Outside the lock: frames keep flowing to the new pool while the old one drains.
    previous.close();
    return status;
  }

  /**
   * Runs {@code submit} with the model in service, which cannot be swapped out meanwhile: what it
   * queues on the pool is classified by that model, whose identity it can put on the verdicts.
   *
   * @throws IllegalStateException when the model is not loaded
   */
  public <T> T withCurrent(Function<Loaded, T> submit) {
    swap.readLock().lock();
    try {
      Loaded loaded = current;
      if (loaded == null) {
        throw new IllegalStateException("the mask classifier is not ready: " + status.reason());
      }
      return submit.apply(loaded);
    } finally {
      swap.readLock().unlock();
    }
  }

  private Loaded loadAndWarmUp(String dirName) {
    PoolSettings pool = poolSettings(config);
    requireThreads(config.intraOpThreads(), "maskwatch.mask.intra-op-threads", false);
    requireThreads(interOpThreads(config), "maskwatch.mask.inter-op-threads", true);
    Path dir = Path.of(dirName);
    // A wrong path or a broken metadata file should say so, not surface as an engine error.
    ModelContract.requireComplete(dir);
    ModelMetadata.read(dir);
    startEngine();
    MaskClassifier classifier = MaskClassifier.load(dir);
    try {
      ModelMetadata metadata = classifier.metadata();
      InferencePool workers =
          InferencePool.start(
              "mask-" + metadata.version(),
              () -> new SinglePredictor(classifier.newPredictor()),
              pool,
              listener,
              metadata.inputSize());
      return new Loaded(
          classifier,
          workers,
          new ModelIdentity(metadata.name(), metadata.version(), classifier.sha256()));
    } catch (RuntimeException | LinkageError e) {
      classifier.close();
      throw e;
    }
  }

  /**
   * The pool as configured.
   *
   * @throws IllegalArgumentException naming the key of a value out of range
   */
  /** TF's inter-op pool: as configured, else one thread per worker. */
  static int interOpThreads(MaskConfig config) {
    return config.interOpThreads().orElse(poolSettings(config).workers());
  }

  public static PoolSettings poolSettings(MaskConfig config) {
    return new PoolSettings(
        config.workers().orElse(Runtime.getRuntime().availableProcessors()),
        config.batchSize(),
        Duration.ofMillis(config.maxWaitMs()),
        config.warmupCrops());
  }

  private ModelStatus ready(String dir, Loaded loaded) {
    ModelMetadata metadata = loaded.classifier().metadata();
    PoolSettings pool = loaded.pool().settings();
    return ModelStatus.ready(
        dir,
        loaded.identity(),
        metadata.labels().stream().map(MaskLabel::wireName).toList(),
        metadata.inputSize(),
        new ModelStatus.Serving(
            config.intraOpThreads(),
            interOpThreads(config),
            pool.workers(),
            pool.batchSize(),
            pool.maxWait().toMillis(),
            device));
  }

  private static void logLoaded(String what, ModelStatus status) {
    ModelIdentity model = status.model();
    ModelStatus.Serving serving = status.serving();
    LOG.infof(
        "mask classifier %s %s (sha256 %s) from %s %s and warmed up; labels %s; %d workers,"
            + " batch up to %d faces or %d ms, TF threads intra-op %d inter-op %d, on %s",
        model.name(),
        model.version(),
        model.sha256(),
        status.modelDir(),
        what,
        status.labels(),
        serving.workers(),
        serving.batchSize(),
        serving.maxWaitMs(),
        serving.intraOpThreads(),
        serving.interOpThreads(),
        serving.device());
  }

  /**
   * TF sizes its thread pools once per process, from the first session or eager context it makes;
   * DJL builds both from these properties, so they must be set before the engine starts.
   */
  private void setThreadPools() {
    System.setProperty(INTRA_OP_PROPERTY, Integer.toString(config.intraOpThreads()));
    System.setProperty(INTER_OP_PROPERTY, Integer.toString(interOpThreads(config)));
  }

  private static void requireThreads(int value, String key, boolean callerThreadAllowed) {
    if (value <= 0 && !(callerThreadAllowed && value == -1)) {
      throw new IllegalArgumentException(
          key + " must be at least 1" + (callerThreadAllowed ? " (or -1)" : "") + ", got " + value);
    }
  }

  /**
   * Starts the engine apart from the model, so that a missing native library says so, and says once
   * whether TensorFlow sees a GPU or runs on the CPU.
   */
  private void startEngine() {
    if (device != null) {
      return;
    }
    setThreadPools();
    Engine engine;
    try {
      engine = Engine.getEngine(ENGINE);
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException(
          "the "
              + ENGINE
              + " engine did not start ("
              + LIBRARY_PATH_VARIABLE
              + "="
              + libraryPath()
              + "; it must name the folder with libtensorflow_cc.so.2): "
              + describe(e),
          e);
    }
    int gpus = engine.getGpuCount();
    device = engine.defaultDevice().toString();
    if (gpus > 0) {
      LOG.infof(
          "TensorFlow %s sees %d GPU(s): inference runs on %s (native library from %s)",
          engine.getVersion(), gpus, device, libraryPath());
    } else {
      LOG.infof(
          "TensorFlow %s sees no GPU (CPU-only native library, or no CUDA 12 / cuDNN / device on"
              + " this node): inference runs on the CPU, %s (native library from %s)",
          engine.getVersion(), device, libraryPath());
    }
  }

  public ModelStatus status() {
    return status;
  }

  /**
   * @throws IllegalStateException when the model is not loaded
   */
  public ModelIdentity identity() {
    return withCurrent(Loaded::identity);
  }

  /** The TENSORFLOW_LIBRARY_PATH the engine sees (environment or system property). */
  static String libraryPath() {
    String path = System.getenv(LIBRARY_PATH_VARIABLE);
    if (path == null) {
      path = System.getProperty(LIBRARY_PATH_VARIABLE);
    }
    return path == null ? "unset" : path;
  }

  static String resolve(String dir) {
    return Path.of(dir).toAbsolutePath().normalize().toString();
  }

  private static <T> T withAppClassLoader(java.util.function.Supplier<T> work) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // DJL finds its engine through ServiceLoader on the context class loader; on a thread of our
    // own that must be the loader that sees the application's jars, whatever started the thread.
    thread.setContextClassLoader(MaskModel.class.getClassLoader());
    try {
      return work.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getName() : message;
  }

  @PreDestroy
  synchronized void close() {
    Loaded loaded = current;
    current = null;
    if (loaded != null) {
      loaded.close();
    }
  }
}
