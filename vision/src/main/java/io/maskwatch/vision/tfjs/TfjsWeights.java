package io.maskwatch.vision.tfjs;

import io.maskwatch.vision.tfjs.TfjsModelJson.Quantization;
import io.maskwatch.vision.tfjs.TfjsModelJson.WeightGroup;
import io.maskwatch.vision.tfjs.TfjsModelJson.WeightSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a TF.js weights manifest's shard files and dequantizes them. Values are little-endian,
 * stored in manifest order; a quantized weight takes 1 (uint8) or 2 (uint16, float16) bytes.
 */
public final class TfjsWeights {

  /** A dequantized weight: float32 values in {@code floats} or int32 values in {@code ints}. */
  public record Weight(WeightSpec spec, float[] floats, int[] ints) {
    public boolean isFloat() {
      return floats != null;
    }
  }

  private TfjsWeights() {}

  public static Map<String, Weight> read(Path modelDir, TfjsModelJson model) throws IOException {
    Map<String, Weight> out = new LinkedHashMap<>();
    for (WeightGroup group : model.weightGroups()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (String p : group.paths()) {
        Path shard = modelDir.resolve(p);
        if (!Files.isRegularFile(shard)) {
          throw new IOException("Weights shard " + shard + " named in model.json is missing");
        }
        bytes.write(Files.readAllBytes(shard));
      }
      ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
      for (WeightSpec spec : group.weights()) {
        out.put(spec.name(), decode(spec, buf, group));
      }
      if (buf.hasRemaining()) {
        throw new IOException(
            buf.remaining() + " bytes left over after the weights of shards " + group.paths());
      }
    }
    return out;
  }

  static Weight decode(WeightSpec spec, ByteBuffer buf, WeightGroup group) throws IOException {
    long count = spec.elementCount();
    Quantization q = spec.quantization();
    int stored = q == null ? storedBytes(spec.dtype()) : storedBytes(q.dtype());
    if (buf.remaining() < count * stored) {
      throw new IOException(
          "Weights shards "
              + group.paths()
              + " end inside weight '"
              + spec.name()
              + "' ("
              + count
              + " values of "
              + stored
              + " bytes)");
    }
    int n = (int) count;
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = q == null ? readPlain(spec.dtype(), buf) : readQuantized(q, buf);
    }
    switch (spec.dtype()) {
      case "float32":
        return new Weight(spec, values, null);
      case "int32":
        {
          int[] ints = new int[n];
          for (int i = 0; i < n; i++) {
            ints[i] = Math.round(values[i]);
          }
          return new Weight(spec, null, ints);
        }
      default:
        throw new IOException(
            "Weight '" + spec.name() + "' has dtype " + spec.dtype() + "; only float32 and int32");
    }
  }

  private static int storedBytes(String dtype) throws IOException {
    switch (dtype) {
      case "float32":
      case "int32":
        return 4;
      case "uint16":
      case "float16":
        return 2;
      case "uint8":
        return 1;
      default:
        throw new IOException("Unsupported stored weight dtype " + dtype);
    }
  }

  private static float readPlain(String dtype, ByteBuffer buf) {
    return "int32".equals(dtype) ? buf.getInt() : buf.getFloat();
  }

  private static float readQuantized(Quantization q, ByteBuffer buf) throws IOException {
    switch (q.dtype()) {
      case "uint8":
        return (buf.get() & 0xff) * q.scale() + q.min();
      case "uint16":
        return (buf.getShort() & 0xffff) * q.scale() + q.min();
      case "float16":
        return halfToFloat(buf.getShort());
      default:
        throw new IOException("Unsupported quantization dtype " + q.dtype());
    }
  }

  /** IEEE 754 binary16 to binary32 (Float.float16ToFloat is Java 20+). */
  static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h >>> 15) << 31;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign);
      }
      float v = mant / 1024f / 16384f; // subnormal: mant * 2^-24
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
