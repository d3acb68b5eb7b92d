package io.maskwatch.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class SmallCnnTrainingTest {

  private static Path shared;

  @BeforeAll
  static void init() throws Exception {
    shared = Path.of(System.getProperty("maskwatch.shared.dir", "../shared"));
    nu.pattern.OpenCV.loadLocally();
    ai.djl.engine.Engine.getEngine("TensorFlow");
  }

  @Test
  void aShortRunOnRealFacesLowersTheLossAndExportsAServableModel(@TempDir Path tmp)
      throws Exception {
    Path faces = shared.resolve("data/faces/chandrikadeb7");
    assumeTrue(Files.isDirectory(faces), "skipped: ../shared/data/faces is absent");
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    addFirst(faces.resolve("with_mask"), 24, 0, files, labels);
    addFirst(faces.resolve("without_mask"), 24, 1, files, labels);
    ImageSet set = new FileImageSet(files, labels);

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TrainConfig config = new TrainConfig(6, 16, 2e-3f, 0f, 10, 7, 2);
    try (ClassifierGraph model =
            new ClassifierGraph(new SmallCnn(64, 7), 2, config.learningRate());
        Trainer trainer =
            new Trainer(model, config, new PrintStream(log, true, StandardCharsets.UTF_8))) {
      TrainingResult result = trainer.fit(set, set, new float[] {1f, 1f});

      List<EpochStats> h = result.history();
      assertThat(h).hasSize(6);
      assertThat(h.get(h.size() - 1).trainLoss()).isLessThan(h.get(0).trainLoss());
      assertThat(log.toString(StandardCharsets.UTF_8)).contains("epoch   1/6").contains("ETA");

      float[][] probs = trainer.predict(set);
      Path exported = tmp.resolve("model");
      ModelExporter.export(
          model,
          trainer.session(),
          exported,
          "test",
          "1",
          List.of("with_mask", "without_mask"),
          Map.of());
      assertThat(exported.resolve("saved_model.pb")).exists();
      assertThat(exported.resolve(ModelExporter.METADATA_FILE)).exists();

      float[] pixels = new float[64 * 64 * 3];
      PixelBatch.FacePixels.toRgbFloats(Imgcodecs.imread(files.get(0).toString()), 64, pixels, 0);
      try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
          TFloat32 input = TFloat32.tensorOf(Shape.of(1, 64, 64, 3), DataBuffers.of(pixels));
          var out = bundle.function("serving_default").call(Map.of("image", input))) {
        TFloat32 served = (TFloat32) out.get("probabilities").orElseThrow();
        assertThat(served.getFloat(0, 0))
            .isCloseTo(probs[0][0], org.assertj.core.data.Offset.offset(1e-5f));
      }
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
