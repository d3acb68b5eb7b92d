package io.maskwatch.vision.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.maskwatch.vision.tfjs.TfjsWeights.Weight;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfjsWeightsTest {

  @TempDir Path dir;

  @Test
  void halfPrecisionDecodesNormalSubnormalAndSpecialValues() {
    assertThat(TfjsWeights.halfToFloat((short) 0x3C00)).isEqualTo(1.0f);
    assertThat(TfjsWeights.halfToFloat((short) 0xC000)).isEqualTo(-2.0f);
    assertThat(TfjsWeights.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
    assertThat(TfjsWeights.halfToFloat((short) 0x3555)).isCloseTo(0.33325195f, within(1e-7f));
    assertThat(TfjsWeights.halfToFloat((short) 0x0001)).isEqualTo((float) Math.pow(2, -24));
    assertThat(TfjsWeights.halfToFloat((short) 0x8000)).isEqualTo(-0.0f);
    assertThat(TfjsWeights.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(TfjsWeights.halfToFloat((short) 0x7E00)).isNaN();
  }

  @Test
  void readsPlainAndDequantizesUint8Uint16AndFloat16WeightsInManifestOrderAcrossShards()
      throws IOException {
    ByteBuffer b =
        ByteBuffer.allocate(4 * 2 + 3 + 2 * 2 + 2 * 2 + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(1.5f).putFloat(-2f); // plain float32 [2]
    b.put((byte) 0).put((byte) 2).put((byte) 255); // uint8 [3], scale 0.5 min -1
    b.putShort((short) 0).putShort((short) 40000); // uint16 [2], scale 0.001 min 0
    b.putShort((short) 0x3C00).putShort((short) 0xC000); // float16 [2]
    b.putInt(7); // int32 scalar
    byte[] all = b.array();
    // Two shards: the group's bytes run on from the first file into the second.
    Files.write(dir.resolve("w1.bin"), java.util.Arrays.copyOfRange(all, 0, 5));
    Files.write(dir.resolve("w2.bin"), java.util.Arrays.copyOfRange(all, 5, all.length));
    Files.writeString(
        dir.resolve("model.json"),
        """
        {"format":"graph-model","modelTopology":{"node":[{"name":"x","op":"Placeholder"}]},
         "weightsManifest":[{"paths":["w1.bin","w2.bin"],"weights":[
          {"name":"f","shape":[2],"dtype":"float32"},
          {"name":"u8","shape":[3],"dtype":"float32",
           "quantization":{"dtype":"uint8","scale":0.5,"min":-1}},
          {"name":"u16","shape":[2,1],"dtype":"float32",
           "quantization":{"dtype":"uint16","scale":0.001,"min":0}},
          {"name":"h","shape":[2],"dtype":"float32","quantization":{"dtype":"float16"}},
          {"name":"i","shape":[],"dtype":"int32"}]}]}
        """);
    TfjsModelJson model = TfjsModelJson.read(dir.resolve("model.json"));

    Map<String, Weight> w = TfjsWeights.read(dir, model);

    assertThat(w.keySet()).containsExactly("f", "u8", "u16", "h", "i");
    assertThat(w.get("f").floats()).containsExactly(1.5f, -2f);
    assertThat(w.get("u8").floats()).containsExactly(-1f, 0f, 126.5f);
    assertThat(w.get("u16").floats()[1]).isCloseTo(40f, within(1e-4f));
    assertThat(w.get("h").floats()).containsExactly(1f, -2f);
    assertThat(w.get("i").ints()).containsExactly(7);
  }

  @Test
  void truncatedShardIsAnErrorNamingTheWeight() throws IOException {
    Files.write(dir.resolve("w.bin"), new byte[6]);
    Files.writeString(
        dir.resolve("model.json"),
        """
        {"modelTopology":{"node":[{"name":"x","op":"Placeholder"}]},
         "weightsManifest":[{"paths":["w.bin"],"weights":[
          {"name":"kernel","shape":[2],"dtype":"float32"}]}]}
        """);
    TfjsModelJson model = TfjsModelJson.read(dir.resolve("model.json"));

    assertThatThrownBy(() -> TfjsWeights.read(dir, model))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'kernel'");
  }
}
