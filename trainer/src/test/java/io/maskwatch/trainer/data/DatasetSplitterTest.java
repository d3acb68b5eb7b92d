package io.maskwatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

class DatasetSplitterTest {
  private static final List<MaskLabel> TWO = List.of(MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK);
  private static final SplitConfig CONFIG = SplitConfig.defaults().withFractions(0.2, 0.2);

  @TempDir static Path tmp;
  private static Dataset dataset;

  /** Each original's copies (exact, re-encoded, resized), all in the data set as separate files. */
  private static final Map<Path, List<Path>> copies = new HashMap<>();

  @BeforeAll
  static void buildDataset() throws IOException {
    Path faces = SharedData.facesDir();
    OpenCvLoader.ensureLoaded();
    List<LabeledImage> images = new ArrayList<>();
    add(
        images,
        faces.resolve("chandrikadeb7/with_mask"),
        120,
        MaskLabel.WITH_MASK,
        "chandrikadeb7");
    add(
        images,
        faces.resolve("chandrikadeb7/without_mask"),
        80,
        MaskLabel.WITHOUT_MASK,
        "chandrikadeb7");
    add(images, faces.resolve("prajnasb/with_mask"), 20, MaskLabel.WITH_MASK, "prajnasb");
    // Twelve originals get three copies each, in another source folder.
    List<LabeledImage> originals =
        images.stream().filter(i -> i.source().equals("chandrikadeb7")).toList();
    for (int k = 0; k < 12; k++) {
      LabeledImage original = originals.get(k * 16);
      Path dir = Files.createDirectories(tmp.resolve("copies/" + original.label().wireName()));
      String stem = "c" + k;
      Path exact = Files.copy(original.path(), dir.resolve(stem + "-exact.jpg"));
      Mat img = Imgcodecs.imread(original.path().toString());
      Path requality = dir.resolve(stem + "-q60.jpg");
      Imgcodecs.imwrite(
          requality.toString(), img, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 60));
      Mat smaller = new Mat();
      Imgproc.resize(
          img, smaller, new Size(img.cols() * 0.85, img.rows() * 0.85), 0, 0, Imgproc.INTER_AREA);
      Path resized = dir.resolve(stem + "-small.jpg");
      Imgcodecs.imwrite(resized.toString(), smaller);
      copies.put(original.path(), List.of(exact, requality, resized));
      for (Path copy : List.of(exact, requality, resized)) {
        images.add(new LabeledImage(copy, original.label(), "copies", Optional.empty()));
      }
    }
    images.sort((a, b) -> a.path().compareTo(b.path()));
    dataset = new Dataset(tmp, TWO, images, false, Map.of());
  }

  private static void add(
      List<LabeledImage> images, Path folder, int count, MaskLabel label, String source) {
    for (Path p : SharedData.spread(folder, count)) {
      images.add(new LabeledImage(p, label, source, Optional.empty()));
    }
  }

  private static SplitPart partOf(DatasetSplit split, Path path) {
    for (SplitPart part : SplitPart.values()) {
      if (split.part(part).stream().anyMatch(i -> i.path().equals(path))) {
        return part;
      }
    }
    throw new AssertionError("not in any part: " + path);
  }

  @Test
  void sameSeedGivesTheSameSplitAndAnotherSeedAnother() {
    DatasetSplit a = new DatasetSplitter(CONFIG).split(dataset);
    DatasetSplit b = new DatasetSplitter(CONFIG).split(dataset);
    DatasetSplit c = new DatasetSplitter(CONFIG.withSeed(7)).split(dataset);

    assertThat(b).isEqualTo(a);
    assertThat(c.val()).isNotEqualTo(a.val());
    assertThat(a.train().size() + a.val().size() + a.test().size())
        .isEqualTo(dataset.images().size());
  }

  @Test
  void eachLabelIsSplitInRoughlyTheAskedProportions() {
    DatasetSplit split = new DatasetSplitter(CONFIG).split(dataset);

    for (MaskLabel label : TWO) {
      double total = dataset.countsByLabel().get(label);
      assertThat(split.counts(SplitPart.VAL).get(label) / total).isBetween(0.14, 0.26);
      assertThat(split.counts(SplitPart.TEST).get(label) / total).isBetween(0.14, 0.26);
    }
    assertThat(split.report()).contains("with_mask").contains("train").contains("val");
  }

  @Test
  void exactAndNearDuplicatesNeverStraddleTheSplit() {
    for (long seed = 1; seed <= 4; seed++) {
      DatasetSplit split = new DatasetSplitter(CONFIG.withSeed(seed)).split(dataset);
      assertThat(split.straddlingGroups()).isZero();
      copies.forEach(
          (original, dupes) -> {
            SplitPart part = partOf(split, original);
            for (Path dupe : dupes) {
              assertThat(partOf(split, dupe)).as("part of %s", dupe).isEqualTo(part);
            }
          });
    }
  }

  @Test
  void reEncodedAndResizedCopiesAreWithinTheDefaultDistance() {
    copies.forEach(
        (original, dupes) -> {
          ImageFingerprint o = ImageFingerprint.of(original);
          ImageFingerprint exact = ImageFingerprint.of(dupes.get(0));
          assertThat(exact.sha256()).isEqualTo(o.sha256());
          for (Path near : dupes.subList(1, 3)) {
            ImageFingerprint n = ImageFingerprint.of(near);
            assertThat(n.sha256()).isNotEqualTo(o.sha256());
            assertThat(n.distance(o))
                .isLessThanOrEqualTo(SplitConfig.DEFAULT_NEAR_DUPLICATE_DISTANCE);
          }
        });
  }

  @Test
  void heldOutSourceGoesEntirelyToTest() {
    DatasetSplit split =
        new DatasetSplitter(CONFIG.withFractions(0.2, 0).withHoldOutSources(Set.of("prajnasb")))
            .split(dataset);

    List<LabeledImage> held =
        dataset.images().stream().filter(i -> i.source().equals("prajnasb")).toList();
    assertThat(held).hasSize(20);
    assertThat(split.test()).containsAll(held);
    assertThat(split.train()).noneMatch(i -> i.source().equals("prajnasb"));
    assertThat(split.val()).noneMatch(i -> i.source().equals("prajnasb"));
  }

  @Test
  void unknownHeldOutSourceIsAClearError() {
    assertThatThrownBy(
            () -> new DatasetSplitter(CONFIG.withHoldOutSources(Set.of("nope"))).split(dataset))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("prajnasb");
  }

  @Test
  void fractionsThatLeaveNoTrainingDataAreRejected() {
    assertThatThrownBy(() -> SplitConfig.defaults().withFractions(0.6, 0.4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
