package io.maskwatch.trainer.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam whose learning rate is a graph input, so the trainer can lower it when validation loss
 * stalls. The framework's Adam bakes the rate in as a constant. Standard Adam otherwise (TF's
 * ApplyAdam kernel, bias-corrected through the running beta powers).
 */
final class AdamWithSchedule {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-7f;

  private final Operand<TFloat32> learningRate;
  private final Op step;

  @SuppressWarnings("unchecked")
  AdamWithSchedule(Graph graph, Ops tf, Operand<TFloat32> loss, float initialRate) {
    List<Output<TFloat32>> variables = new ArrayList<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if ("VariableV2".equals(op.type())) {
        variables.add((Output<TFloat32>) op.<TFloat32>output(0));
      }
    }
    if (variables.isEmpty()) {
      throw new IllegalStateException("the graph has no variables to train");
    }
    learningRate =
        tf.withName("learning_rate")
            .placeholderWithDefault(
                tf.constant(initialRate), org.tensorflow.ndarray.Shape.scalar());
    Output<?>[] gradients =
        graph.addGradients(loss.asOutput(), variables.toArray(new Output<?>[0]));

    Variable<TFloat32> beta1Power = tf.withName("adam_beta1_power").variable(tf.constant(BETA1));
    Variable<TFloat32> beta2Power = tf.withName("adam_beta2_power").variable(tf.constant(BETA2));
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Output<TFloat32> variable = variables.get(i);
      String name = variable.op().name();
      Operand<TFloat32> zeros = tf.zeros(tf.constant(variable.shape()), TFloat32.class);
      Variable<TFloat32> m = tf.withName(name + "_adam_m").variable(zeros);
      Variable<TFloat32> v = tf.withName(name + "_adam_v").variable(zeros);
      updates.add(
          tf.train.applyAdam(
              variable,
              m,
              v,
              beta1Power,
              beta2Power,
              learningRate,
              tf.constant(BETA1),
              tf.constant(BETA2),
              tf.constant(EPSILON),
              (Output<TFloat32>) gradients[i]));
    }
    Ops afterUpdates = tf.withControlDependencies(updates);
    Op nextBeta1 = afterUpdates.assign(beta1Power, tf.math.mul(beta1Power, tf.constant(BETA1)));
    Op nextBeta2 = afterUpdates.assign(beta2Power, tf.math.mul(beta2Power, tf.constant(BETA2)));
    step = tf.withControlDependencies(List.of(nextBeta1, nextBeta2)).withName("train_step").noOp();
  }

  Operand<TFloat32> learningRate() {
    return learningRate;
  }

  Op step() {
    return step;
  }
}
