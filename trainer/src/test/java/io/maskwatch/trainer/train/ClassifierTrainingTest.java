package io.maskwatch.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.trainer.backbone.Backbone;
import io.maskwatch.trainer.backbone.HumanBackbone;
import io.maskwatch.trainer.backbone.Pooling;
import io.maskwatch.trainer.backbone.TestResources;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.model.ModelMetadata;
import io.maskwatch.vision.model.SavedModelWriter;
import io.maskwatch.vision.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.tensorflow.Result;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Both architectures, trained for a few epochs on real crops in one graph, exported through the
 * product's writer and served through DJL with the training session's outputs.
 */
class ClassifierTrainingTest {

  @BeforeAll
  static void init() {
    OpenCvLoader.ensureLoaded();
    ai.djl.engine.Engine.getEngine("TensorFlow");
  }

  @Test
  void aShortCnnRunOnRealFacesLowersTheLossAndExportsAServableModel(@TempDir Path tmp)
      throws Exception {
    trainExportAndServe(new SmallCnn(64, 7), tmp);
  }

  @Test
  void aFrozenBackboneWithATrainedHeadTrainsAndServesAsOneModel(@TempDir Path tmp)
      throws Exception {
    Backbone faceres = Backbone.load(HumanBackbone.FACERES, TestResources.modelsDir());
    trainExportAndServe(new TransferBody(faceres, 112, "pw11", Pooling.AVG, 32, 7), tmp);
  }

  @Test
  void aFineTunedBackboneLayerMovesFromItsPretrainedWeightsAndServesAsOneModel(@TempDir Path tmp)
      throws Exception {
    Backbone faceres = Backbone.load(HumanBackbone.FACERES, TestResources.modelsDir());
    TransferBody body =
        new TransferBody(faceres, 112, "pw11", Pooling.AVG, 32, 7, List.of("conv_pw_11"));
    assertThat(body.architecture()).endsWith("-ft-conv_pw_11");
    trainExportAndServe(body, tmp, "backbone_conv_pw_11_convolution_merged_input");
  }

  private static void trainExportAndServe(ModelBody body, Path tmp) throws Exception {
    trainExportAndServe(body, tmp, null);
  }

  /**
   * @param fineTuned a backbone variable that training must move away from its pretrained start, or
   *     null
   */
  private static void trainExportAndServe(ModelBody body, Path tmp, String fineTuned)
      throws Exception {
    Path faces = SharedData.facesDir().resolve("chandrikadeb7");
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    addFirst(faces.resolve("with_mask"), 24, 0, files, labels);
    addFirst(faces.resolve("without_mask"), 24, 1, files, labels);
    ImageSet set = new FileImageSet(files, labels);

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TrainConfig config = new TrainConfig(6, 16, 2e-3f, 0f, 10, 10, 7, 2);
    try (ClassifierGraph model = new ClassifierGraph(body, 2, config.learningRate());
        Trainer trainer =
            new Trainer(model, config, new PrintStream(log, true, StandardCharsets.UTF_8))) {
      float[] pretrained = fineTuned == null ? null : values(trainer, fineTuned);
      TrainingResult result = trainer.fit(set, set, new float[] {1f, 1f});
      if (fineTuned != null) {
        float[] trained = values(trainer, fineTuned);
        assertThat(trained).hasSameSizeAs(pretrained);
        double moved = 0;
        for (int i = 0; i < trained.length; i++) {
          moved = Math.max(moved, Math.abs(trained[i] - pretrained[i]));
        }
        assertThat(moved).as("largest change of %s", fineTuned).isGreaterThan(1e-4);
      }

      List<EpochStats> h = result.history();
      assertThat(h).hasSize(6);
      assertThat(h.get(h.size() - 1).trainLoss()).isLessThan(h.get(0).trainLoss());
      assertThat(log.toString(StandardCharsets.UTF_8)).contains("epoch   1/6").contains("ETA");

      float[][] probs = trainer.predict(set);
      Path exported = tmp.resolve("model");
      ModelMetadata metadata =
          new ModelMetadata(
              "test",
              "1",
              List.of(MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK),
              body.inputSize(),
              model.architecture(),
              Instant.now());
      SavedModelWriter.export(
          trainer.session(), model.images(), model.probabilities(), metadata, exported);

      // The exported model, served through DJL, gives what the training session gave.
      List<Mat> crops = new ArrayList<>();
      for (Path file : files) {
        crops.add(Imgcodecs.imread(file.toString()));
      }
      try (MaskClassifier classifier = MaskClassifier.load(exported);
          MaskPredictor predictor = classifier.newPredictor()) {
        List<MaskPrediction> served = predictor.classifyBatch(crops);
        for (int i = 0; i < crops.size(); i++) {
          assertThat(served.get(i).probabilities().get(MaskLabel.WITH_MASK))
              .isCloseTo(probs[i][0], Offset.offset(1e-5f));
          assertThat(served.get(i).probabilities().get(MaskLabel.WITHOUT_MASK))
              .isCloseTo(probs[i][1], Offset.offset(1e-5f));
        }
      }
    }
  }

  private static float[] values(Trainer trainer, String variable) {
    try (Result r = trainer.session().runner().fetch(variable).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[(int) t.size()];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  private static void addFirst(Path dir, int n, int label, List<Path> files, List<Integer> labels)
      throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      s.sorted()
          .limit(n)
          .forEach(
              p -> {
                files.add(p);
                labels.add(label);
              });
    }
  }

  private record FileImageSet(List<Path> files, List<Integer> labels) implements ImageSet {
    @Override
    public int size() {
      return files.size();
    }

    @Override
    public int classIndex(int index) {
      return labels.get(index);
    }

    @Override
    public Mat load(int index, Random random) {
      return Imgcodecs.imread(files.get(index).toString());
    }
  }
}
