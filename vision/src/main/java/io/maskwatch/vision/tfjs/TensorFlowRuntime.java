package io.maskwatch.vision.tfjs;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.tensorflow.proto.ConfigProto;

/** TensorFlow's native library and session options as the trainer uses them. */
public final class TensorFlowRuntime {

  private TensorFlowRuntime() {}

  /**
   * Loads the native library through DJL's TensorFlow engine, which finds it via {@code
   * TENSORFLOW_LIBRARY_PATH}; TF Java classes used directly need that to have happened first.
   */
  public static void ensureLoaded() {
    Engine.getEngine("TensorFlow");
  }

  /** The variable (env or system property) DJL finds the native library by. */
  public static final String LIBRARY_PATH = "TENSORFLOW_LIBRARY_PATH";

  /**
   * Why the native library cannot be loaded from {@value #LIBRARY_PATH}, checked without loading
   * it: not set, not a folder, or no {@code libtensorflow*} in it. Without the variable DJL would
   * try to download a library instead, which a service must not do.
   */
  public static Optional<String> unavailableReason() {
    String configured = System.getProperty(LIBRARY_PATH, System.getenv(LIBRARY_PATH));
    if (configured == null || configured.isBlank()) {
      return Optional.of(
          LIBRARY_PATH
              + " is not set (environment or system property): point it at the folder holding"
              + " libtensorflow_cc.so.2 (the build unpacks it into <repo>/target/tf-native)");
    }
    Path dir = Path.of(configured);
    if (!Files.isDirectory(dir)) {
      return Optional.of(LIBRARY_PATH + "=" + configured + " is not a folder");
    }
    try (Stream<Path> files = Files.list(dir)) {
      if (files.noneMatch(f -> f.getFileName().toString().startsWith("libtensorflow"))) {
        return Optional.of(LIBRARY_PATH + "=" + configured + " holds no libtensorflow* library");
      }
    } catch (IOException e) {
      return Optional.of("cannot list " + LIBRARY_PATH + "=" + configured + ": " + e);
    }
    return Optional.empty();
  }

  /**
   * One intra-op and one inter-op thread: the budget is one core per face stream. TF sizes its
   * global pools from the first session of the process, so every session should use this.
   */
  public static ConfigProto singleThread() {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(1)
        .setInterOpParallelismThreads(1)
        .build();
  }
}
