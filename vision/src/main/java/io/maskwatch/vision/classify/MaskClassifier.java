package io.maskwatch.vision.classify;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SymbolBlock;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.PairList;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.model.InvalidModelException;
import io.maskwatch.vision.model.ModelContract;
import io.maskwatch.vision.model.ModelDigest;
import io.maskwatch.vision.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;
import org.opencv.core.Mat;

/**
 * The mask classifier, loaded once from an exported model directory (see {@link ModelContract})
 * through DJL's TensorFlow engine. Thread-safe to share; inference goes through a {@link
 * MaskPredictor} per thread.
 */
public final class MaskClassifier implements AutoCloseable {

  private static final String ENGINE = "TensorFlow";

  private final ZooModel<Mat, MaskPrediction> model;
  private final ModelMetadata metadata;
  private final String sha256;

  private MaskClassifier(ZooModel<Mat, MaskPrediction> model, ModelMetadata metadata, String sha) {
    this.model = model;
    this.metadata = metadata;
    this.sha256 = sha;
  }

  /**
   * @param savedModelDir a directory with saved_model.pb, variables/ and maskwatch-model.json
   * @throws InvalidModelException naming the path and what is missing or wrong: a missing file,
   *     invalid metadata, a signature without the contract's input/output, or shapes that disagree
   *     with the metadata
   */
  public static MaskClassifier load(Path savedModelDir) {
    Path dir = savedModelDir.toAbsolutePath().normalize();
    ModelContract.requireComplete(dir);
    ModelMetadata metadata = ModelMetadata.read(dir);
    String sha256 = ModelDigest.sha256(dir);
    OpenCvLoader.ensureLoaded();
    Criteria<Mat, MaskPrediction> criteria =
        Criteria.builder()
            .setTypes(Mat.class, MaskPrediction.class)
            .optEngine(ENGINE)
            .optModelPath(dir)
            // TfModel looks for a file or directory named after the model; naming the .pb file
            // makes it take this directory itself, whatever the directory is called.
            .optModelName(ModelContract.SAVED_MODEL_PB)
            .optOption("Tags", ModelContract.TAG)
            .optOption("SignatureDefKey", ModelContract.SIGNATURE_KEY)
            .optTranslator(new FaceCropTranslator(metadata))
            .build();
    ZooModel<Mat, MaskPrediction> model;
    try {
      model = criteria.loadModel();
    } catch (ModelNotFoundException | MalformedModelException | IOException e) {
      throw new InvalidModelException(
          "cannot load the SavedModel in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // The TF engine reports a broken saved_model.pb or a missing tag as an engine exception.
      throw new InvalidModelException(
          "cannot load the SavedModel in " + dir + ": " + e.getMessage(), e);
    }
    try {
      requireContractSignature(model, metadata, dir);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return new MaskClassifier(model, metadata, sha256);
  }

  /**
   * DJL falls back to any other signature, with only a log line, when {@code serving_default} is
   * absent, and feeds inputs in key order: check the names and shapes so a wrong model fails here
   * rather than giving wrong answers.
   */
  private static void requireContractSignature(
      ZooModel<Mat, MaskPrediction> model, ModelMetadata metadata, Path dir) {
    if (!(model.getBlock() instanceof SymbolBlock block)) {
      throw new InvalidModelException(
          "model in " + dir + " did not load as a graph (" + model.getBlock() + ")");
    }
    PairList<String, Shape> inputs = block.describeInput();
    PairList<String, Shape> outputs = block.describeOutput();
    int size = metadata.inputSize();
    Shape expectedInput = new Shape(-1, size, size, 3);
    Shape expectedOutput = new Shape(-1, metadata.labels().size());
    if (inputs.size() != 1
        || !ModelContract.INPUT_KEY.equals(inputs.get(0).getKey())
        || !expectedInput.equals(inputs.get(0).getValue())
        || !outputs.contains(ModelContract.OUTPUT_KEY)
        || !expectedOutput.equals(outputs.get(ModelContract.OUTPUT_KEY))) {
      throw new InvalidModelException(
          String.format(
              "model in %s does not follow the contract: signature '%s' must take '%s' %s and"
                  + " give '%s' %s (from %s in maskwatch-model.json); it takes %s and gives %s",
              dir,
              ModelContract.SIGNATURE_KEY,
              ModelContract.INPUT_KEY,
              expectedInput,
              ModelContract.OUTPUT_KEY,
              expectedOutput,
              "inputSize " + size + " and " + metadata.labels().size() + " labels",
              describe(inputs),
              describe(outputs)));
    }
  }

  private static String describe(PairList<String, Shape> tensors) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < tensors.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('\'').append(tensors.get(i).getKey()).append("' ");
      sb.append(tensors.get(i).getValue());
    }
    return sb.append('}').toString();
  }

  /** A new predictor for the calling thread; close it when done. */
  public MaskPredictor newPredictor() {
    return new MaskPredictor(model.newPredictor());
  }

  public ModelMetadata metadata() {
    return metadata;
  }

  /** See {@link ModelDigest#sha256(Path)}. */
  public String sha256() {
    return sha256;
  }

  /** Frees the TF session; predictors made from this classifier must not be used afterwards. */
  @Override
  public void close() {
    model.close();
  }
}
