package io.maskwatch.trainer.data;

import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * One image of the data set.
 *
 * @param path the image file
 * @param label the class, from the label folder's name
 * @param source the folders between the data set root (or its train/val/test folder) and the label
 *     folder, joined with '/'; the root folder's own name when there are none
 * @param presetSplit the split the data set's own train/val/test layout puts it in, if any
 */
public record LabeledImage(
    Path path, MaskLabel label, String source, Optional<SplitPart> presetSplit) {

  public LabeledImage {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(presetSplit, "presetSplit");
  }

  /** The image as 8-bit BGR, as it is: how validation and test images are read. */
  public Mat read() {
    return readBgr(path);
  }

  static Mat readBgr(Path file) {
    OpenCvLoader.ensureLoaded();
    Mat image = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
    if (image.empty()) {
      throw new IllegalArgumentException("Cannot read image " + file);
    }
    return image;
  }
}
