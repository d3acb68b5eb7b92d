package io.maskwatch.trainer.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.trainer.train.ClassifierGraph;
import io.maskwatch.trainer.train.ImageSet;
import io.maskwatch.trainer.train.SmallCnn;
import io.maskwatch.trainer.train.TrainConfig;
import io.maskwatch.trainer.train.Trainer;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.model.InvalidModelException;
import io.maskwatch.vision.model.ModelDigest;
import io.maskwatch.vision.model.ModelMetadata;
import io.maskwatch.vision.model.SavedModelWriter;
import io.maskwatch.vision.testing.SharedData;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Two small CNNs trained here on real face crops (48 px and 24 px inputs, different seeds), joined
 * into one SavedModel and served through vision's {@link MaskClassifier}, as mask-service loads it.
 */
class EnsembleBuilderTest {

  private static final List<MaskLabel> LABELS =
      List.of(MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK);

  @TempDir static Path temp;
  private static Path big;
  private static Path small;

  /**
   * Real face crops at the ensemble's input size (48 px), so serving resizes them no further, made
   * of 2×2 blocks of equal pixels: the 24 px member then sees exactly the same pixels whether the
   * translator shrinks the crop (OpenCV, rounding to 8 bits) or the ensemble graph does (TF, in
   * floats). On other crops the two differ by that rounding (about 1e-4 in probability).
   */
  private static List<Mat> crops;

  @BeforeAll
  static void trainTwoMembers() throws Exception {
    OpenCvLoader.ensureLoaded();
    ai.djl.engine.Engine.getEngine("TensorFlow");
    List<Path> files = new ArrayList<>();
    files.addAll(SharedData.faces("chandrikadeb7", "with_mask", 16));
    files.addAll(SharedData.faces("chandrikadeb7", "without_mask", 16));
    List<Integer> labels = new ArrayList<>();
    files.forEach(
        f -> labels.add(f.getParent().getFileName().toString().equals("with_mask") ? 0 : 1));
    big = train(new SmallCnn(48, 3), files, labels, temp.resolve("m48"));
    small = train(new SmallCnn(24, 5), files, labels, temp.resolve("m24"));
    crops = new ArrayList<>();
    List<Path> held = new ArrayList<>(SharedData.faces("prajnasb", "with_mask", 6));
    held.addAll(SharedData.faces("prajnasb", "without_mask", 6));
    for (Path f : held) {
      Mat image = Images.read(f);
      Mat small24 = new Mat();
      Mat blocky48 = new Mat();
      Imgproc.resize(image, small24, new Size(24, 24), 0, 0, Imgproc.INTER_AREA);
      Imgproc.resize(small24, blocky48, new Size(48, 48), 0, 0, Imgproc.INTER_NEAREST);
      image.release();
      small24.release();
      crops.add(blocky48);
    }
  }

  @AfterAll
  static void release() {
    if (crops != null) {
      crops.forEach(Mat::release);
    }
  }

  @Test
  void servedEnsembleGivesTheMeanOfItsMembers() {
    Path dir = temp.resolve("plain");
    EnsembleBuilder.Built built =
        EnsembleBuilder.build(
            new EnsembleBuilder.Spec(List.of(big, small), false, "ens", "2"), dir);

    float[][] a = probabilities(big, crops);
    float[][] b = probabilities(small, crops);
    float[][] ensemble = probabilities(dir, crops);
    // The members really differ, so a mean that matches is not a coincidence.
    assertThat(maxDifference(a, b)).isGreaterThan(1e-3);
    for (int i = 0; i < crops.size(); i++) {
      for (int c = 0; c < LABELS.size(); c++) {
        assertThat(ensemble[i][c]).isCloseTo((a[i][c] + b[i][c]) / 2, within(1e-5f));
      }
    }
    assertThat(built.sha256()).isEqualTo(ModelDigest.sha256(dir));
  }

  @Test
  void withFlipEachMemberAlsoSeesTheMirroredFace() {
    Path dir = temp.resolve("flip");
    EnsembleBuilder.build(new EnsembleBuilder.Spec(List.of(big, small), true, "ens", "2"), dir);

    List<Mat> mirrored = new ArrayList<>();
    for (Mat crop : crops) {
      Mat m = new Mat();
      Core.flip(crop, m, 1);
      mirrored.add(m);
    }
    try {
      float[][] a = probabilities(big, crops);
      float[][] am = probabilities(big, mirrored);
      float[][] b = probabilities(small, crops);
      float[][] bm = probabilities(small, mirrored);
      float[][] ensemble = probabilities(dir, crops);
      assertThat(maxDifference(a, am)).isGreaterThan(1e-4);
      for (int i = 0; i < crops.size(); i++) {
        for (int c = 0; c < LABELS.size(); c++) {
          float expected = (a[i][c] + am[i][c] + b[i][c] + bm[i][c]) / 4;
          assertThat(ensemble[i][c]).isCloseTo(expected, within(1e-5f));
        }
      }
    } finally {
      mirrored.forEach(Mat::release);
    }
  }

  @Test
  void metadataNamesTheMembersAndTheLargestInput() {
    Path dir = temp.resolve("meta");
    EnsembleBuilder.Built built =
        EnsembleBuilder.build(
            new EnsembleBuilder.Spec(List.of(small, big), true, "mask-classifier", "1.1.0"), dir);
    ModelMetadata read = ModelMetadata.read(dir);
    assertThat(read.architecture()).isEqualTo("ensemble");
    assertThat(read.version()).isEqualTo("1.1.0");
    assertThat(read.inputSize()).isEqualTo(48);
    assertThat(read.labels()).isEqualTo(LABELS);
    assertThat(read.details()).containsEntry("flip", true);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> members = (List<Map<String, Object>>) read.details().get("members");
    assertThat(members).hasSize(2);
    assertThat(members.get(0))
        .containsEntry("architecture", "cnn4-24")
        .containsEntry("inputSize", 24)
        .containsEntry("sha256", ModelDigest.sha256(small));
    assertThat(members.get(1)).containsEntry("sha256", ModelDigest.sha256(big));
    assertThat(built.metadata().inputSize()).isEqualTo(48);
    // Frozen members: the only variable left is the weights, so the folder is small but present.
    assertThat(dir.resolve("variables")).isDirectoryContaining("glob:**/variables.index");
  }

  @Test
  void membersWithOtherLabelsOrAnEmptyListAreRefused() throws Exception {
    Path swapped = temp.resolve("swapped");
    copyTree(small, swapped);
    ModelMetadata m = ModelMetadata.read(small);
    new ModelMetadata(
            m.name(),
            m.version(),
            List.of(MaskLabel.WITHOUT_MASK, MaskLabel.WITH_MASK),
            m.inputSize(),
            m.architecture(),
            m.created())
        .write(swapped);
    assertThatThrownBy(
            () ->
                EnsembleBuilder.build(
                    new EnsembleBuilder.Spec(List.of(big, swapped), false, "e", "1"),
                    temp.resolve("bad")))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("disagree on their labels");
    assertThatThrownBy(() -> new EnsembleBuilder.Spec(List.of(big), false, "e", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two or more");
  }

  private static Path train(SmallCnn body, List<Path> files, List<Integer> labels, Path out) {
    ImageSet set =
        new ImageSet() {
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
            return Images.read(files.get(index));
          }
        };
    TrainConfig config = new TrainConfig(3, 16, 2e-3f, 0f, 10, 10, body.inputSize(), 1);
    try (ClassifierGraph model = new ClassifierGraph(body, 2, config.learningRate());
        Trainer trainer =
            new Trainer(model, config, new PrintStream(OutputStream.nullOutputStream()))) {
      trainer.fit(set, set, new float[] {1f, 1f});
      SavedModelWriter.export(
          trainer.session(),
          model.images(),
          model.probabilities(),
          new ModelMetadata(
              "member", "1", LABELS, body.inputSize(), model.architecture(), Instant.now()),
          out);
    }
    return out;
  }

  private static float[][] probabilities(Path model, List<Mat> images) {
    try (MaskClassifier classifier = MaskClassifier.load(model);
        MaskPredictor predictor = classifier.newPredictor()) {
      List<MaskPrediction> out = predictor.classifyBatch(images);
      float[][] p = new float[out.size()][LABELS.size()];
      for (int i = 0; i < out.size(); i++) {
        for (int c = 0; c < LABELS.size(); c++) {
          p[i][c] = out.get(i).probabilities().get(LABELS.get(c));
        }
      }
      return p;
    }
  }

  private static double maxDifference(float[][] a, float[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int c = 0; c < a[i].length; c++) {
        max = Math.max(max, Math.abs(a[i][c] - b[i][c]));
      }
    }
    return max;
  }

  private static org.assertj.core.data.Offset<Float> within(float tolerance) {
    return org.assertj.core.data.Offset.offset(tolerance);
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
