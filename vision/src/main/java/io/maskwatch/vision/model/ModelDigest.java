package io.maskwatch.vision.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Identifies a classifier by its weights and graph, so results and verdicts can name the exact
 * model that produced them. The metadata file is left out on purpose: re-labelling the version does
 * not make a different model.
 */
public final class ModelDigest {

  private ModelDigest() {}

  /**
   * SHA-256, in lower-case hex, over {@code saved_model.pb} and every regular file under {@code
   * variables/}, taken in order of their relative paths ({@code /}-separated). For each file the
   * digest takes its relative path in UTF-8, a zero byte, its length as 8 big-endian bytes, then
   * its bytes, so that moving bytes between files or renaming a file changes the result.
   *
   * @throws InvalidModelException when the directory, {@code saved_model.pb} or {@code variables/}
   *     is missing
   */
  public static String sha256(Path modelDir) {
    ModelContract.requireSavedModel(modelDir);
    MessageDigest digest = newSha256();
    for (String relative : filesInDigestOrder(modelDir)) {
      Path file = modelDir.resolve(relative);
      try {
        digest.update(relative.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(Files.size(file)).array());
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read model file " + file, e);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The relative paths {@link #sha256(Path)} covers, in the order it reads them. */
  static List<String> filesInDigestOrder(Path modelDir) {
    Path variables = modelDir.resolve(ModelContract.VARIABLES_DIR);
    try (Stream<Path> walk = Files.walk(variables)) {
      Stream<String> variableFiles =
          walk.filter(Files::isRegularFile)
              .map(path -> modelDir.relativize(path).toString().replace('\\', '/'));
      return Stream.concat(Stream.of(ModelContract.SAVED_MODEL_PB), variableFiles)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + variables, e);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
