package io.maskwatch.trainer.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TFloat32;

/** Trainable layers built from raw TF ops, He-initialised from a fixed seed so runs repeat. */
final class Layers {

  private final Ops tf;
  private final String prefix;
  private final long seed;
  private int created;

  Layers(Ops tf, String prefix, long seed) {
    this.tf = tf;
    this.prefix = prefix;
    this.seed = seed;
  }

  /** 3×3 (or k×k) SAME convolution with bias and ReLU. */
  Operand<TFloat32> conv(String name, Operand<TFloat32> in, int inCh, int outCh, int k) {
    Variable<TFloat32> w = weight(name, Shape.of(k, k, inCh, outCh), k * k * inCh);
    Variable<TFloat32> b = bias(name, outCh);
    Operand<TFloat32> conv = tf.nn.conv2d(in, w, List.of(1L, 1L, 1L, 1L), "SAME");
    return tf.nn.relu(tf.nn.biasAdd(conv, b));
  }

  /** 2×2 max pooling, stride 2. */
  Operand<TFloat32> maxPool(Operand<TFloat32> in) {
    return tf.nn.maxPool(
        in, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
  }

  /** Fully connected layer; {@code relu} false gives the linear logits layer. */
  Operand<TFloat32> dense(String name, Operand<TFloat32> in, int inDim, int outDim, boolean relu) {
    Variable<TFloat32> w = weight(name, Shape.of(inDim, outDim), inDim);
    Variable<TFloat32> b = bias(name, outDim);
    Operand<TFloat32> out = tf.math.add(tf.linalg.matMul(in, w), b);
    return relu ? tf.nn.relu(out) : out;
  }

  /** Inverted dropout driven by a rate placeholder, so inference (rate 0) is the identity. */
  Operand<TFloat32> dropout(Operand<TFloat32> in, Operand<TFloat32> rate) {
    Operand<TFloat32> keep = tf.math.sub(tf.constant(1f), rate);
    Operand<TFloat32> noise =
        tf.random.randomUniform(
            tf.shape(in), TFloat32.class, org.tensorflow.op.random.RandomUniform.seed(seed + 991));
    Operand<TFloat32> mask = tf.dtypes.cast(tf.math.greaterEqual(noise, rate), TFloat32.class);
    return tf.math.div(tf.math.mul(in, mask), keep);
  }

  // Variable names stay flat (no '/'): the optimizer derives slot names from them and TF
  // rejects a '/' there.
  private Variable<TFloat32> weight(String layer, Shape shape, long fanIn) {
    created++;
    Operand<TFloat32> normal =
        tf.random.truncatedNormal(
            tf.constant(shape), TFloat32.class, TruncatedNormal.seed(seed + created));
    float stddev = (float) Math.sqrt(2.0 / fanIn);
    return tf.withName(prefix + layer + "_kernel")
        .variable(tf.math.mul(normal, tf.constant(stddev)));
  }

  private Variable<TFloat32> bias(String layer, int size) {
    return tf.withName(prefix + layer + "_bias")
        .variable(tf.fill(tf.constant(new int[] {size}), tf.constant(0f)));
  }
}
