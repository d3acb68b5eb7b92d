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
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.proto.ConfigProto;

/**
 * The mask classifier, loaded once from an exported model directory (see {@link ModelContract}).
 * DJL's TensorFlow engine loads it first and checks it against the contract; the predictions then
 * run through one TensorFlow session of the same SavedModel, called directly (TF Java, which DJL's
 * engine bundles): DJL's predictor adds about 0.8 ms of CPU per call in NDArray bookkeeping and
 * eager ops, 40 % on top of this small model. Thread-safe to share; inference goes through a {@link
 * MaskPredictor} per thread.
 *
 * <p>The session takes its threads from the same system properties as DJL ({@value
 * #INTRA_OP_PROPERTY}, {@value #INTER_OP_PROPERTY}; -1 inter-op threads runs each call on its
 * caller's thread), and soft placement, so a GPU build puts the model on the GPU when TF sees one.
 */
public final class MaskClassifier implements AutoCloseable {

  private static final String ENGINE = "TensorFlow";
  public static final String INTRA_OP_PROPERTY = "ai.djl.tensorflow.num_intraop_threads";
  public static final String INTER_OP_PROPERTY = "ai.djl.tensorflow.num_interop_threads";

  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final ModelMetadata metadata;
  private final String sha256;

  private MaskClassifier(SavedModelBundle bundle, ModelMetadata metadata, String sha) {
    this.bundle = bundle;
    this.function = bundle.function(ModelContract.SIGNATURE_KEY);
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
    } finally {
      model.close();
    }
    SavedModelBundle bundle;
    try {
      bundle =
          SavedModelBundle.loader(dir.toString())
              .withTags(ModelContract.TAG)
              .withConfigProto(sessionConfig())
              .load();
    } catch (RuntimeException e) {
      throw new InvalidModelException(
          "cannot load the SavedModel in " + dir + ": " + e.getMessage(), e);
    }
    try {
      return new MaskClassifier(bundle, metadata, sha256);
    } catch (RuntimeException e) {
      bundle.close();
      throw new InvalidModelException(
          "cannot load the SavedModel in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Threads as DJL's engine was told (TF sizes its shared pools once per process anyway). */
  static ConfigProto sessionConfig() {
    ConfigProto.Builder config = ConfigProto.newBuilder().setAllowSoftPlacement(true);
    Integer intra = Integer.getInteger(INTRA_OP_PROPERTY);
    Integer inter = Integer.getInteger(INTER_OP_PROPERTY);
    if (intra != null) {
      config.setIntraOpParallelismThreads(intra);
    }
    if (inter != null) {
      config.setInterOpParallelismThreads(inter);
    }
    return config.build();
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
    return new MaskPredictor(function, new CropBatchTranslator(metadata));
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
    bundle.close();
  }
}
