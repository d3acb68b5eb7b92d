package io.maskwatch.trainer.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The write-ups' baseline, trained from scratch: four conv+pool blocks, a dense layer with dropout,
 * and the logits. Global average pooling instead of their flatten keeps the parameter count small
 * at 128 px.
 */
public final class SmallCnn implements ModelBody {

  private static final int[] CHANNELS = {32, 64, 128, 128};
  private final int inputSize;
  private final long seed;

  public SmallCnn(int inputSize, long seed) {
    this.inputSize = inputSize;
    this.seed = seed;
  }

  @Override
  public String architecture() {
    return "cnn4-" + inputSize;
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public Operand<TFloat32> logits(
      Ops tf, Operand<TFloat32> images, Operand<TFloat32> dropoutRate, int numClasses) {
    Layers layers = new Layers(tf, "cnn_", seed);
    Operand<TFloat32> x = tf.math.div(images, tf.constant(255f));
    int in = 3;
    for (int i = 0; i < CHANNELS.length; i++) {
      x = layers.maxPool(layers.conv("conv" + i, x, in, CHANNELS[i], 3));
      in = CHANNELS[i];
    }
    x = tf.math.mean(x, tf.constant(new int[] {1, 2}));
    x = layers.dense("fc", x, in, 128, true);
    x = layers.dropout(x, dropoutRate);
    return layers.dense("logits", x, 128, numClasses, false);
  }
}
