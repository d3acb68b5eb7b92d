package io.maskwatch.trainer.train;

import io.maskwatch.trainer.backbone.Backbone;
import io.maskwatch.trainer.backbone.Pooling;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Transfer learning: a pretrained face network, read at one of its layers and pooled, with a small
 * trained head on top. The network is frozen (its weights are graph constants) except the layers
 * named to fine-tune, whose weights start at the pretrained values and train with the head. The
 * backbone ships inside the exported SavedModel, so serving needs nothing else.
 */
public final class TransferBody implements ModelBody {

  private final Backbone backbone;
  private final int inputSize;
  private final String layer;
  private final Pooling pooling;
  private final int hidden;
  private final long seed;
  private final List<String> fineTune;

  public TransferBody(
      Backbone backbone, int inputSize, String layer, Pooling pooling, int hidden, long seed) {
    this(backbone, inputSize, layer, pooling, hidden, seed, List.of());
  }

  /**
   * @param fineTune Keras layer names of the backbone to train (e.g. {@code conv_pw_11}); empty
   *     keeps it frozen
   */
  public TransferBody(
      Backbone backbone,
      int inputSize,
      String layer,
      Pooling pooling,
      int hidden,
      long seed,
      List<String> fineTune) {
    this.fineTune = List.copyOf(fineTune);
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
        "transfer-%s@%d-%s-%s-mlp%d%s",
        backbone.spec().modelName(),
        inputSize,
        layer,
        pooling.name().toLowerCase(Locale.ROOT),
        hidden,
        fineTune.isEmpty() ? "" : "-ft-" + String.join("+", fineTune));
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
        backbone.addTo(graph, "backbone", images, inputSize, layer, pooling, fineTune);
    Layers head = new Layers(tf, "head_", seed);
    // Frozen, the backbone needs no gradients at all; fine-tuned, they flow into it.
    Operand<TFloat32> x =
        fineTune.isEmpty() ? tf.stopGradient(features.output()) : features.output();
    x = head.dense("fc", x, features.dim(), hidden, true);
    x = head.dropout(x, dropoutRate);
    return head.dense("logits", x, hidden, numClasses, false);
  }
}
