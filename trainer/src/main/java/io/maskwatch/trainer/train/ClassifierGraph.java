package io.maskwatch.trainer.train;

import io.maskwatch.vision.model.ModelContract;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One TF graph holding the classifier, its class-weighted loss and its Adam step. The exported
 * SavedModel is this same graph: the serving signature maps {@code image} to {@code probabilities},
 * and the dropout rate defaults to 0 so serving never has to feed it.
 */
public final class ClassifierGraph implements AutoCloseable {

  private final Graph graph;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> weights;
  private final Operand<TFloat32> dropoutRate;
  private final Operand<TFloat32> probabilities;
  private final Operand<TFloat32> loss;
  private final Op trainStep;
  private final Operand<TFloat32> learningRate;
  private final int numClasses;
  private final int inputSize;
  private final String architecture;

  public ClassifierGraph(ModelBody body, int numClasses, float learningRate) {
    this.graph = new Graph();
    this.numClasses = numClasses;
    this.inputSize = body.inputSize();
    this.architecture = body.architecture();
    Ops tf = Ops.create(graph);
    int s = body.inputSize();
    images =
        tf.withName(ModelContract.INPUT_KEY)
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s, s, 3)));
    labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    weights =
        tf.withName("sample_weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    dropoutRate =
        tf.withName("dropout_rate").placeholderWithDefault(tf.constant(0f), Shape.scalar());

    Operand<TFloat32> logits = body.logits(tf, images, dropoutRate, numClasses);
    probabilities = tf.withName(ModelContract.OUTPUT_KEY).nn.softmax(logits);

    Operand<TFloat32> oneHot =
        tf.oneHot(labels, tf.constant(numClasses), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> perSample = tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss();
    // Weighted mean: sum(w * l) / sum(w), so a batch's loss does not depend on its composition.
    loss =
        tf.withName("loss")
            .math
            .div(
                tf.reduceSum(tf.math.mul(perSample, weights), tf.constant(0)),
                tf.reduceSum(weights, tf.constant(0)));
    AdamWithSchedule adam = new AdamWithSchedule(graph, tf, loss, learningRate);
    this.learningRate = adam.learningRate();
    trainStep = adam.step();
  }

  public Graph graph() {
    return graph;
  }

  public Placeholder<TFloat32> images() {
    return images;
  }

  public Placeholder<TInt32> labels() {
    return labels;
  }

  public Placeholder<TFloat32> weights() {
    return weights;
  }

  public Operand<TFloat32> dropoutRate() {
    return dropoutRate;
  }

  public Operand<TFloat32> probabilities() {
    return probabilities;
  }

  public Operand<TFloat32> loss() {
    return loss;
  }

  /** Scalar input; defaults to the initial rate when not fed. */
  public Operand<TFloat32> learningRate() {
    return learningRate;
  }

  public Op trainStep() {
    return trainStep;
  }

  public int numClasses() {
    return numClasses;
  }

  public int inputSize() {
    return inputSize;
  }

  public String architecture() {
    return architecture;
  }

  @Override
  public void close() {
    graph.close();
  }
}
