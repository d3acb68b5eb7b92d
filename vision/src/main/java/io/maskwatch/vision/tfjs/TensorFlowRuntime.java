package io.maskwatch.vision.tfjs;

import ai.djl.engine.Engine;
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
