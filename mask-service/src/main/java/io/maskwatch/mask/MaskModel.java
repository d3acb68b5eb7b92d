package io.maskwatch.mask;

import ai.djl.engine.Engine;
import io.maskwatch.mask.config.MaskConfig;
import io.maskwatch.mask.domain.CropClassifier;
import io.maskwatch.mask.domain.ModelIdentity;
import io.maskwatch.mask.domain.SinglePredictor;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.model.ModelContract;
import io.maskwatch.vision.model.ModelMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.jboss.logging.Logger;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The service's classifier: loaded once from {@code maskwatch.mask.model-dir}, warmed up, and then
 * shared. Loading never throws: a model that cannot be loaded leaves the service alive and not
 * ready, with the reason in {@link #status()} for the readiness check to show.
 */
@Singleton
public class MaskModel {

  static final String ENGINE = "TensorFlow";
  static final String INTRA_OP_PROPERTY = "ai.djl.tensorflow.num_intraop_threads";
  static final String INTER_OP_PROPERTY = "ai.djl.tensorflow.num_interop_threads";
  static final String LIBRARY_PATH_VARIABLE = "TENSORFLOW_LIBRARY_PATH";

  private static final Logger LOG = Logger.getLogger(MaskModel.class);

  private final MaskConfig config;
  private final String modelDir;
  private volatile ModelStatus status;
  private MaskClassifier classifier;
  private SinglePredictor predictor;

  public MaskModel(MaskConfig config) {
    this.config = config;
    this.modelDir = Path.of(config.modelDir()).toAbsolutePath().normalize().toString();
    this.status = ModelStatus.loading(modelDir);
  }

  /** Loads and warms up the model once; later calls return at once. Never throws. */
  public synchronized ModelStatus load() {
    if (status.state() != ModelStatus.State.LOADING) {
      return status;
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // DJL finds its engine through ServiceLoader on the context class loader; on a thread of our
    // own that must be the loader that sees the application's jars, whatever started the thread.
    thread.setContextClassLoader(MaskModel.class.getClassLoader());
    try {
      status = loadAndWarmUp();
    } catch (RuntimeException | LinkageError e) {
      // LinkageError: a native library that is missing or does not match (UnsatisfiedLinkError).
      status = ModelStatus.failed(modelDir, describe(e));
      close();
    } finally {
      thread.setContextClassLoader(previous);
    }
    if (status.isReady()) {
      ModelIdentity model = status.model();
      LOG.infof(
          "mask classifier %s %s (sha256 %s) loaded from %s and warmed up; labels %s",
          model.name(), model.version(), model.sha256(), modelDir, status.labels());
    } else {
      LOG.errorf("mask classifier not loaded, the service stays not ready: %s", status.reason());
    }
    return status;
  }

  private ModelStatus loadAndWarmUp() {
    requirePositive(config.intraOpThreads(), "maskwatch.mask.intra-op-threads");
    requirePositive(config.interOpThreads(), "maskwatch.mask.inter-op-threads");
    Path dir = Path.of(modelDir);
    // A wrong path or a broken metadata file should say so, not surface as an engine error.
    ModelContract.requireComplete(dir);
    ModelMetadata.read(dir);
    setThreadPools();
    startEngine();
    classifier = MaskClassifier.load(dir);
    predictor = new SinglePredictor(classifier.newPredictor());
    ModelMetadata metadata = classifier.metadata();
    warmUp(metadata.inputSize());
    return ModelStatus.ready(
        modelDir,
        new ModelIdentity(metadata.name(), metadata.version(), classifier.sha256()),
        metadata.labels().stream().map(MaskLabel::wireName).toList(),
        metadata.inputSize(),
        config.intraOpThreads(),
        config.interOpThreads());
  }

  /** TF sizes its thread pools from the first session's options, so this must come first. */
  private void setThreadPools() {
    System.setProperty(INTRA_OP_PROPERTY, Integer.toString(config.intraOpThreads()));
    System.setProperty(INTER_OP_PROPERTY, Integer.toString(config.interOpThreads()));
  }

  private static void requirePositive(int value, String key) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be at least 1, got " + value);
    }
  }

  /** Starts the engine apart from the model, so that a missing native library says so. */
  private static void startEngine() {
    try {
      Engine.getEngine(ENGINE);
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
  }

  private void warmUp(int inputSize) {
    int count = config.warmupCrops();
    if (count <= 0) {
      return;
    }
    Mat blank = Mat.zeros(inputSize, inputSize, CvType.CV_8UC3);
    try {
      predictor.classify(List.of(blank));
      predictor.classify(Collections.nCopies(count, blank));
    } finally {
      blank.release();
    }
  }

  public ModelStatus status() {
    return status;
  }

  /**
   * @throws IllegalStateException when the model is not loaded
   */
  public CropClassifier classifier() {
    requireReady();
    return predictor;
  }

  /**
   * @throws IllegalStateException when the model is not loaded
   */
  public ModelIdentity identity() {
    requireReady();
    return status.model();
  }

  private void requireReady() {
    ModelStatus current = status;
    if (!current.isReady()) {
      throw new IllegalStateException("the mask classifier is not ready: " + current.reason());
    }
  }

  /** The TENSORFLOW_LIBRARY_PATH the engine sees (environment or system property). */
  static String libraryPath() {
    String path = System.getenv(LIBRARY_PATH_VARIABLE);
    if (path == null) {
      path = System.getProperty(LIBRARY_PATH_VARIABLE);
    }
    return path == null ? "unset" : path;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getName() : message;
  }

  @PreDestroy
  synchronized void close() {
    if (predictor != null) {
      predictor.close();
      predictor = null;
    }
    if (classifier != null) {
      classifier.close();
      classifier = null;
    }
  }
}
