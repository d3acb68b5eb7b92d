package io.maskwatch.trainer.train;

import io.maskwatch.trainer.backbone.Backbone;
import io.maskwatch.trainer.backbone.Pooling;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Transfer learning: a pretrained face network, frozen (its weights are graph constants), read at
 * one of its layers and pooled, with a small trained head on top. The backbone ships inside the
 * exported SavedModel, so serving needs nothing else.
 */
public final class TransferBody implements ModelBody {

  private final Backbone backbone;
  private final int inputSize;
  private final String layer;
  private final Pooling pooling;
  private final int hidden;
  private final long seed;

  public TransferBody(
      Backbone backbone, int inputSize, String layer, Pooling pooling, int hidden, long seed) {
    this.backbone = backbone;
    this.inputSize = inputSize;
    this.layer = layer;
    this.pooling = pooling;
    this.hidden = hidden;
    this.seed = seed;
  }

  @Override
  public String architecture() {
    return String.format(
        Locale.ROOT,
        "transfer-%s@%d-%s-%s-mlp%d",
        backbone.spec().modelName(),
        inputSize,
        layer,
        pooling.name().toLowerCase(Locale.ROOT),
        hidden);
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public Operand<TFloat32> logits(
      Ops tf, Operand<TFloat32> images, Operand<TFloat32> dropoutRate, int numClasses) {
    Graph graph = (Graph) tf.scope().env();
    Backbone.Features features =
        backbone.addTo(graph, "backbone", images, inputSize, layer, pooling);
    Layers head = new Layers(tf, "head_", seed);
    Operand<TFloat32> x = tf.stopGradient(features.output());
    x = head.dense("fc", x, features.dim(), hidden, true);
    x = head.dropout(x, dropoutRate);
    return head.dense("logits", x, hidden, numClasses, false);
  }
}
