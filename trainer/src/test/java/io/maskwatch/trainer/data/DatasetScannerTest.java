package io.maskwatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {
  private static final List<MaskLabel> TWO = List.of(MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK);

  @TempDir Path tmp;

  private void copy(String sourceLabel, int count, Path target) throws IOException {
    Files.createDirectories(target);
    List<Path> files = SharedData.spread(SharedData.facesDir().resolve(sourceLabel), count);
    for (Path f : files) {
      Files.copy(f, target.resolve(f.getFileName()));
    }
  }

  @Test
  void labelsComeFromFolderNamesAndSourcesFromAnyDepthAbove() throws IOException {
    Path root = tmp.resolve("faces");
    copy("chandrikadeb7/with_mask", 3, root.resolve("alpha/with_mask"));
    copy("chandrikadeb7/without_mask", 2, root.resolve("deep/beta/without_mask"));
    copy("chandrikadeb7/without_mask", 1, root.resolve("without_mask"));
    copy("maskedface-net/mask_weared_incorrect", 4, root.resolve("alpha/mask_weared_incorrect"));
    copy("prajnasb/with_mask", 2, root.resolve("alpha/sunglasses"));
    Files.writeString(root.resolve("alpha/with_mask/notes.txt"), "not an image");

    Dataset ds = DatasetScanner.scan(root, TWO);

    assertThat(ds.presetSplits()).isFalse();
    assertThat(ds.countsByLabel())
        .isEqualTo(Map.of(MaskLabel.WITH_MASK, 3, MaskLabel.WITHOUT_MASK, 3));
    assertThat(ds.countsBySourceAndLabel())
        .isEqualTo(
            Map.of(
                "alpha", Map.of(MaskLabel.WITH_MASK, 3),
                "deep/beta", Map.of(MaskLabel.WITHOUT_MASK, 2),
                "faces", Map.of(MaskLabel.WITHOUT_MASK, 1)));
    assertThat(ds.ignoredFolders())
        .isEqualTo(Map.of("alpha/mask_weared_incorrect", 4, "alpha/sunglasses", 2));
    assertThat(ds.images()).allMatch(i -> i.presetSplit().isEmpty());
    assertThat(ds.images()).isSortedAccordingTo((a, b) -> a.path().compareTo(b.path()));
  }

  @Test
  void threeClassesKeepTheIncorrectFolder() throws IOException {
    Path root = tmp.resolve("faces");
    copy("chandrikadeb7/with_mask", 2, root.resolve("a/with_mask"));
    copy("maskedface-net/mask_weared_incorrect", 4, root.resolve("b/mask_weared_incorrect"));

    Dataset ds = DatasetScanner.scan(root, List.of(MaskLabel.values()));

    assertThat(ds.countsByLabel())
        .containsEntry(MaskLabel.MASK_WEARED_INCORRECT, 4)
        .containsEntry(MaskLabel.WITH_MASK, 2)
        .containsEntry(MaskLabel.WITHOUT_MASK, 0);
    assertThat(ds.ignoredFolders()).isEmpty();
  }

  @Test
  void trainValTestLayoutFixesTheSplit() throws IOException {
    Path root = tmp.resolve("set");
    copy("chandrikadeb7/with_mask", 3, root.resolve("train/src1/with_mask"));
    copy("chandrikadeb7/without_mask", 2, root.resolve("train/without_mask"));
    copy("chandrikadeb7/with_mask", 1, root.resolve("val/src1/with_mask"));
    copy("chandrikadeb7/without_mask", 1, root.resolve("val/without_mask"));
    copy("prajnasb/without_mask", 2, root.resolve("test/without_mask"));
    copy("prajnasb/with_mask", 2, root.resolve("extra/with_mask"));

    Dataset ds = DatasetScanner.scan(root, TWO);

    assertThat(ds.presetSplits()).isTrue();
    assertThat(ds.images()).hasSize(9);
    assertThat(
            ds.images().stream().filter(i -> i.presetSplit().equals(Optional.of(SplitPart.TRAIN))))
        .hasSize(5);
    assertThat(
            ds.images().stream().filter(i -> i.presetSplit().equals(Optional.of(SplitPart.TEST))))
        .hasSize(2)
        .allMatch(i -> i.source().equals("set"));
    assertThat(ds.countsBySourceAndLabel().keySet()).containsExactlyInAnyOrder("src1", "set");
    assertThat(ds.ignoredFolders()).isEqualTo(Map.of("extra/with_mask", 2));

    DatasetSplit split = new DatasetSplitter(SplitConfig.defaults()).split(ds);
    assertThat(split.train()).hasSize(5);
    assertThat(split.val()).hasSize(2);
    assertThat(split.test()).hasSize(2);
  }

  @Test
  void aFolderWithoutRequestedClassesIsAClearError() throws IOException {
    Path root = tmp.resolve("faces");
    copy("maskedface-net/mask_weared_incorrect", 1, root.resolve("x/mask_weared_incorrect"));

    assertThatThrownBy(() -> DatasetScanner.scan(root, TWO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No images of classes [with_mask, without_mask]");
    assertThatThrownBy(() -> DatasetScanner.scan(tmp.resolve("missing"), TWO))
        .hasMessageContaining("does not exist");
  }
}
