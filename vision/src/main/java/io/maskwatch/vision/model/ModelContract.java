package io.maskwatch.vision.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an exported classifier directory is: a TF SavedModel ({@value #SAVED_MODEL_PB} and {@value
 * #VARIABLES_DIR}/, tag {@value #TAG}) plus {@value #METADATA_FILE}. Its signature {@value
 * #SIGNATURE_KEY} takes {@value #INPUT_KEY}, float32 [-1,S,S,3] RGB 0..255, and gives {@value
 * #OUTPUT_KEY}, float32 [-1,C] softmax in the metadata's label order.
 */
public final class ModelContract {

  public static final String TAG = "serve";
  public static final String SIGNATURE_KEY = "serving_default";
  public static final String INPUT_KEY = "image";
  public static final String OUTPUT_KEY = "probabilities";

  public static final String SAVED_MODEL_PB = "saved_model.pb";
  public static final String VARIABLES_DIR = "variables";
  public static final String METADATA_FILE = "maskwatch-model.json";

  private ModelContract() {}

  /**
   * @throws InvalidModelException naming the path and the first thing missing from it
   */
  public static void requireComplete(Path dir) {
    requireSavedModel(dir);
    requireFile(dir, METADATA_FILE);
  }

  /** Like {@link #requireComplete(Path)} without the metadata file. */
  static void requireSavedModel(Path dir) {
    if (!Files.exists(dir)) {
      throw new InvalidModelException(
          "model directory " + dir.toAbsolutePath() + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new InvalidModelException(
          "model path " + dir.toAbsolutePath() + " is a file; expected a SavedModel directory");
    }
    requireFile(dir, SAVED_MODEL_PB);
    if (!Files.isDirectory(dir.resolve(VARIABLES_DIR))) {
      throw new InvalidModelException(
          "model directory " + dir.toAbsolutePath() + " has no " + VARIABLES_DIR + "/ directory");
    }
  }

  private static void requireFile(Path dir, String name) {
    if (!Files.isRegularFile(dir.resolve(name))) {
      throw new InvalidModelException(
          "model directory " + dir.toAbsolutePath() + " has no " + name + " file");
    }
  }
}
