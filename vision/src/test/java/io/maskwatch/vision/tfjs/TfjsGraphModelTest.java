package io.maskwatch.vision.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class TfjsGraphModelTest {

  @TempDir Path dir;

  @BeforeAll
  static void loadTensorFlow() {
    TensorFlowRuntime.ensureLoaded();
  }

  /**
   * A 2x2 one-channel input through the three TF.js fused ops, with quantized weights: a 1x1
   * _FusedConv2D (BiasAdd+Relu, float16 kernel) to 2 channels, a FusedDepthwiseConv2dNative
   * (BiasAdd, uint8 kernel), a Reshape, a _FusedMatMul (BiasAdd+Relu); and a second 1x1
   * _FusedConv2D with BiasAdd+Prelu straight off the input.
   */
  @Test
  void fusedOpsAreSplitIntoStandardOpsThatComputeTheSameValues() throws IOException {
    writeTinyModel();
    TfjsGraphModel model = TfjsGraphModel.load(dir.resolve("model.json"));
    float[] x = {1f, -2f, 3f, -4f};

    float[][] out = run(model, x, List.of("dense", "prelu"));

    // conv: relu(x*k + b), k = [2, -1] (float16), b = [0.5, 0]
    float[][] conv = new float[4][2];
    for (int i = 0; i < 4; i++) {
      conv[i][0] = Math.max(0, x[i] * 2 + 0.5f);
      conv[i][1] = Math.max(0, -x[i]);
    }
    // depthwise: per channel * dk + db, dk = uint8 [4, 2] * 0.5 - 1 = [1, 0], db = [0, 1]
    float[] flat = new float[8];
    for (int i = 0; i < 4; i++) {
      flat[2 * i] = conv[i][0] * 1f;
      flat[2 * i + 1] = conv[i][1] * 0f + 1f;
    }
    // dense: relu(flat . w + 0.25), w = 0.1 * (j + 1)
    float dense = 0.25f;
    for (int j = 0; j < 8; j++) {
      dense += flat[j] * 0.1f * (j + 1);
    }
    assertThat(out[0][0]).isCloseTo(Math.max(0, dense), within(1e-5f));
    // prelu(x*3 - 1) with alpha 0.1
    for (int i = 0; i < 4; i++) {
      float v = x[i] * 3 - 1;
      assertThat(out[1][i]).isCloseTo(v > 0 ? v : 0.1f * v, within(1e-5f));
    }
  }

  @Test
  void trainableWeightsBecomeVariablesThatStartAtThePretrainedValuesAndTakeGradients()
      throws IOException {
    writeTinyModel();
    TfjsGraphModel model = TfjsGraphModel.load(dir.resolve("model.json"));
    float[] x = {1f, -2f, 3f, -4f};
    float frozen = run(model, x, List.of("dense"))[0][0];
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 2, 2, 1)));
      Output<?> dense =
          model
              .addTo(
                  g, "tiny", in, List.of("dense"), n -> n.startsWith("dense/") || n.equals("dw/k"))
              .get(0);
      // Flat names: the optimizer builds its slot names from them.
      assertThat(g.operation("tiny_dense_w").type()).isEqualTo("VariableV2");
      assertThat(g.operation("tiny_dense_b").type()).isEqualTo("VariableV2");
      assertThat(g.operation("tiny_dw_k").type()).isEqualTo("VariableV2");
      assertThat(g.operation("tiny/dw/b").type()).isEqualTo("Const");
      assertThat(g.operation("tiny/conv/k").type()).isEqualTo("Const");
      Output<?>[] grads =
          g.addGradients(
              dense,
              new Output<?>[] {
                g.operation("tiny_dense_w").output(0), g.operation("tiny_dw_k").output(0)
              });
      try (Session s = new Session(g);
          TFloat32 t = TFloat32.tensorOf(Shape.of(1, 2, 2, 1), DataBuffers.of(x, true, false))) {
        s.initialize();
        try (Result res = s.runner().feed(in, t).fetch(dense).fetch(grads[0]).run()) {
          assertThat(((TFloat32) res.get(0)).getFloat(0, 0)).isCloseTo(frozen, within(1e-6f));
          // d dense / d w_j = flat_j where dense > 0: flat[0] = relu(1 * 2 + 0.5) = 2.5
          assertThat(((TFloat32) res.get(1)).getFloat(0, 0)).isCloseTo(2.5f, within(1e-5f));
        }
      }
    }
  }

  @Test
  void unboundPlaceholderIsRejected() throws IOException {
    writeTinyModel();
    TfjsGraphModel model = TfjsGraphModel.load(dir.resolve("model.json"));
    try (Graph g = new Graph()) {
      assertThatThrownBy(() -> model.addTo(g, "m", Map.of(), List.of("dense")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Placeholder 'x' is not bound");
    }
  }

  @Test
  void unknownOutputNodeIsRejectedByName() throws IOException {
    writeTinyModel();
    TfjsGraphModel model = TfjsGraphModel.load(dir.resolve("model.json"));
    assertThatThrownBy(() -> run(model, new float[4], List.of("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No node 'nope'");
  }

  private float[][] run(TfjsGraphModel model, float[] x, List<String> outputs) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 2, 2, 1)));
      List<Output<?>> outs = model.addTo(g, "tiny", in, outputs);
      try (Session s = new Session(g);
          TFloat32 t = TFloat32.tensorOf(Shape.of(1, 2, 2, 1), DataBuffers.of(x, true, false))) {
        Session.Runner r = s.runner().feed(in, t);
        outs.forEach(r::fetch);
        try (Result res = r.run()) {
          float[][] values = new float[outs.size()][];
          for (int i = 0; i < outs.size(); i++) {
            TFloat32 v = (TFloat32) res.get(i);
            values[i] = new float[(int) v.size()];
            v.copyTo(DataBuffers.of(values[i], false, false));
          }
          return values;
        }
      }
    }
  }

  private void writeTinyModel() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) 0x4000).putShort((short) 0xBC00); // conv/k float16 [2, -1]
    b.putFloat(0.5f).putFloat(0f); // conv/b
    b.put((byte) 4).put((byte) 2); // dw/k uint8 -> [1, 0]
    b.putFloat(0f).putFloat(1f); // dw/b
    b.putInt(1).putInt(8); // shape
    for (int j = 0; j < 8; j++) {
      b.putFloat(0.1f * (j + 1)); // dense/w
    }
    b.putFloat(0.25f); // dense/b
    b.putFloat(3f).putFloat(-1f).putFloat(0.1f); // prelu k, b, alpha
    Files.write(dir.resolve("tiny.bin"), Arrays.copyOf(b.array(), b.position()));
    String conv =
        "\"strides\":{\"list\":{\"i\":[\"1\",\"1\",\"1\",\"1\"]}},\"padding\":{\"s\":\""
            + b64("VALID")
            + "\"},\"data_format\":{\"s\":\""
            + b64("NHWC")
            + "\"},\"dilations\":{\"list\":{\"i\":[\"1\",\"1\",\"1\",\"1\"]}},"
            + "\"explicit_paddings\":{\"list\":{}},\"T\":{\"type\":\"DT_FLOAT\"}";
    String json =
        """
        {"format":"graph-model","modelTopology":{"node":[
         {"name":"x","op":"Placeholder","attr":{"dtype":{"type":"DT_FLOAT"},
          "shape":{"shape":{"dim":[{"size":"-1"},{"size":"2"},{"size":"2"},{"size":"1"}]}}}},
         {"name":"conv/k","op":"Const","attr":{"dtype":{"type":"DT_FLOAT"}}},
         {"name":"conv/b","op":"Const","attr":{"dtype":{"type":"DT_FLOAT"}}},
         {"name":"dw/k","op":"Const","attr":{"dtype":{"type":"DT_FLOAT"}}},
         {"name":"dw/b","op":"Const","attr":{"dtype":{"type":"DT_FLOAT"}}},
         {"name":"shape","op":"Const","attr":{"dtype":{"type":"DT_INT32"}}},
         {"name":"dense/w","op":"Const","attr":{"dtype":{"type":"DT_FLOAT"}}},
         {"name":"dense/b","op":"Const","attr":{"dtype":{"type":"DT_FLOAT"}}},
         {"name":"p/k","op":"Const","attr":{"dtype":{"type":"DT_FLOAT"}}},
         {"name":"p/b","op":"Const","attr":{"dtype":{"type":"DT_FLOAT"}}},
         {"name":"p/alpha","op":"Const","attr":{"dtype":{"type":"DT_FLOAT"}}},
         {"name":"conv","op":"_FusedConv2D","input":["x","conv/k","conv/b"],
          "attr":{CONV,"num_args":{"i":"1"},"fused_ops":{"list":{"s":["BIAS","RELU"]}}}},
         {"name":"dw","op":"FusedDepthwiseConv2dNative","input":["conv","dw/k","dw/b"],
          "attr":{CONV,"num_args":{"i":"1"},"fused_ops":{"list":{"s":["BIAS"]}}}},
         {"name":"flat","op":"Reshape","input":["dw","shape"],
          "attr":{"T":{"type":"DT_FLOAT"},"Tshape":{"type":"DT_INT32"},"_cloned":{"b":true}}},
         {"name":"dense","op":"_FusedMatMul","input":["flat","dense/w","dense/b"],
          "attr":{"transpose_a":{"b":false},"transpose_b":{"b":false},"T":{"type":"DT_FLOAT"},
                  "num_args":{"i":"1"},"fused_ops":{"list":{"s":["BIAS","RELU"]}}}},
         {"name":"prelu","op":"_FusedConv2D","input":["x","p/k","p/b","p/alpha"],
          "attr":{CONV,"num_args":{"i":"2"},"fused_ops":{"list":{"s":["BIAS","PRELU"]}}}}
        ]},
        "weightsManifest":[{"paths":["tiny.bin"],"weights":[
         {"name":"conv/k","shape":[1,1,1,2],"dtype":"float32","quantization":{"dtype":"float16"}},
         {"name":"conv/b","shape":[2],"dtype":"float32"},
         {"name":"dw/k","shape":[1,1,2,1],"dtype":"float32",
          "quantization":{"dtype":"uint8","scale":0.5,"min":-1}},
         {"name":"dw/b","shape":[2],"dtype":"float32"},
         {"name":"shape","shape":[2],"dtype":"int32"},
         {"name":"dense/w","shape":[8,1],"dtype":"float32"},
         {"name":"dense/b","shape":[1],"dtype":"float32"},
         {"name":"p/k","shape":[1,1,1,1],"dtype":"float32"},
         {"name":"p/b","shape":[1],"dtype":"float32"},
         {"name":"p/alpha","shape":[1],"dtype":"float32"}]}]}
        """
            .replace("CONV", conv)
            .replace("BIAS", b64("BiasAdd"))
            .replace("PRELU", b64("Prelu"))
            .replace("RELU", b64("Relu"));
    Files.writeString(dir.resolve("model.json"), json);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
