package io.maskwatch.trainer.backbone;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Feature matrices on disk, so re-running the probe skips the slow extraction. */
final class FeatureCache {

  private final Path dir;

  FeatureCache(Path dir) {
    this.dir = dir;
  }

  Path file(String set, String key) {
    return dir.resolve(set + "__" + key.replaceAll("[^A-Za-z0-9_.-]", "_") + ".f32");
  }

  boolean has(String set, String key) {
    return Files.isRegularFile(file(set, key));
  }

  float[][] read(String set, String key) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file(set, key))))) {
      int n = in.readInt();
      int d = in.readInt();
      float[][] m = new float[n][d];
      for (float[] row : m) {
        for (int j = 0; j < d; j++) {
          row[j] = in.readFloat();
        }
      }
      return m;
    }
  }

  void write(String set, String key, float[][] m) throws IOException {
    Files.createDirectories(dir);
    Path target = file(set, key);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeInt(m.length);
      out.writeInt(m.length == 0 ? 0 : m[0].length);
      for (float[] row : m) {
        for (float v : row) {
          out.writeFloat(v);
        }
      }
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
  }
}
