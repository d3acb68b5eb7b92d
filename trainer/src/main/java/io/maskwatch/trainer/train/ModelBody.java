package io.maskwatch.trainer.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The network between the image input and the class logits: a from-scratch CNN or a backbone. */
public interface ModelBody {

  /** Short architecture name recorded in the model metadata and reports, e.g. {@code cnn4-128}. */
  String architecture();

  /** Side of the square RGB input the network expects. */
  int inputSize();

  /**
   * Adds the network to the graph.
   *
   * @param images float32 [N, S, S, 3], RGB, raw 0..255 (normalisation belongs to the body)
   * @param dropoutRate scalar, 0 at inference
   * @return logits, float32 [N, numClasses]
   */
  Operand<TFloat32> logits(
      Ops tf, Operand<TFloat32> images, Operand<TFloat32> dropoutRate, int numClasses);
}
