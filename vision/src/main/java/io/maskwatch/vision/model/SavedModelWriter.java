package io.maskwatch.vision.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Exports a TF Java graph as a classifier directory that follows the {@link ModelContract}, with
 * its {@link ModelMetadata}. The trainer exports through this so the contract lives in one place.
 */
public final class SavedModelWriter {

  private SavedModelWriter() {}

  /**
   * @param session a session of the graph holding {@code image} and {@code probabilities}, with its
   *     variables initialised (trained)
   * @param image placeholder for RGB 0..255 pixels, shape [-1,S,S,3] with S = {@code
   *     metadata.inputSize()}
   * @param probabilities softmax output, shape [-1,C] with C = {@code metadata.labels().size()}, in
   *     label order
   * @param dir where to write; must not exist or be an empty directory
   * @return the exported model's {@link ModelDigest#sha256(Path) sha256}
   * @throws IllegalArgumentException when the shapes contradict the metadata or {@code dir} is not
   *     empty
   */
  public static String export(
      Session session,
      Operand<TFloat32> image,
      Operand<TFloat32> probabilities,
      ModelMetadata metadata,
      Path dir) {
    int size = metadata.inputSize();
    requireShape(image.shape(), Shape.of(-1, size, size, 3), ModelContract.INPUT_KEY);
    requireShape(
        probabilities.shape(), Shape.of(-1, metadata.labels().size()), ModelContract.OUTPUT_KEY);
    requireEmptyOrAbsent(dir);
    Signature signature =
        Signature.builder()
            .key(ModelContract.SIGNATURE_KEY)
            .input(ModelContract.INPUT_KEY, image)
            .output(ModelContract.OUTPUT_KEY, probabilities)
            .build();
    try {
      Files.createDirectories(dir);
      SavedModelBundle.exporter(dir.toString())
          .withTags(ModelContract.TAG)
          .withSession(session)
          .withSignature(signature)
          .export();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export the SavedModel to " + dir, e);
    }
    metadata.write(dir);
    return ModelDigest.sha256(dir);
  }

  /**
   * Compares sizes, -1 included; {@code Shape.equals} calls two shapes with an unknown size
   * different, and every batch dimension here is unknown.
   */
  private static void requireShape(Shape actual, Shape expected, String key) {
    if (!Arrays.equals(actual.asArray(), expected.asArray())) {
      throw new IllegalArgumentException(
          "'" + key + "' must have shape " + expected + " to match the metadata, has " + actual);
    }
  }

  private static void requireEmptyOrAbsent(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("export target " + dir + " is a file");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException("export target " + dir + " is not empty");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
