package io.maskwatch.trainer.eval;

import io.maskwatch.trainer.eval.VocAnnotation.BoundingBox;
import io.maskwatch.trainer.eval.VocAnnotation.VocObject;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Cuts the labelled faces out of a scene folder ({@code images/} with {@code .jpg}/{@code .png},
 * {@code annotations/} with VOC XML of the same basename), the way the classifier will see them in
 * production: around the box with a margin, square by default because face-service sends square
 * crops. Parts of the crop outside the image repeat the border pixels, so the face keeps its place
 * and scale in the crop.
 *
 * <p>Own small cropping for now; {@code io.maskwatch.vision.image.FaceCrops} (vision branch) is
 * meant to replace it.
 */
public final class GtCrops {

  /** Square crop around the box (side = longer box side plus margins) or the box plus margins. */
  public enum CropShape {
    SQUARE,
    BOX
  }

  /**
   * @param margin fraction of the box size added on each side (0.10 = 10 %)
   * @param minSide faces whose box has a shorter side below this (pixels) are skipped
   */
  public record Options(double margin, int minSide, CropShape shape) {
    public static final Options DEFAULTS = new Options(0.10, 16, CropShape.SQUARE);

    public Options {
      if (margin < 0 || minSide < 0) {
        throw new IllegalArgumentException("margin and minSide must be >= 0");
      }
    }
  }

  /** The crops kept, and how many labelled faces there were in all. */
  public record Result(List<GtCrop> crops, int totalFaces, int skippedSmall) {}

  private GtCrops() {}

  /**
   * @param basenames images to use (file names without extension), or null for all annotated ones
   */
  public static Result load(Path sceneDir, Collection<String> basenames, Options options)
      throws IOException {
    OpenCvLoader.ensureLoaded();
    Path annotations = sceneDir.resolve("annotations");
    Path images = sceneDir.resolve("images");
    if (!Files.isDirectory(annotations) || !Files.isDirectory(images)) {
      throw new IOException(sceneDir + " needs annotations/ and images/ folders");
    }
    List<String> names =
        basenames == null ? annotatedBasenames(annotations) : List.copyOf(basenames);
    List<GtCrop> crops = new ArrayList<>();
    int total = 0;
    int small = 0;
    for (String name : names) {
      Path xml = annotations.resolve(name + ".xml");
      if (!Files.isRegularFile(xml)) {
        throw new IOException("No annotation " + xml + " for image '" + name + "'");
      }
      VocAnnotation ann = VocAnnotations.read(xml);
      Path imagePath = findImage(images, name);
      Mat image = null;
      try {
        for (VocObject o : ann.objects()) {
          total++;
          MaskLabel label = MaskLabel.fromWireName(o.name());
          if (o.box().minSide() < options.minSide()) {
            small++;
            continue;
          }
          if (image == null) {
            image = Imgcodecs.imread(imagePath.toString(), Imgcodecs.IMREAD_COLOR);
            if (image.empty()) {
              throw new IOException("OpenCV cannot decode " + imagePath);
            }
          }
          crops.add(new GtCrop(name, o.box(), label, cut(image, o.box(), options)));
        }
      } finally {
        if (image != null) {
          image.release();
        }
      }
    }
    return new Result(List.copyOf(crops), total, small);
  }

  /** The crop of {@code box} with margins; a new Mat the caller releases. */
  public static Mat cut(Mat image, BoundingBox box, Options options) {
    double cx = (box.xmin() + box.xmax()) / 2;
    double cy = (box.ymin() + box.ymax()) / 2;
    double w = box.width() * (1 + 2 * options.margin());
    double h = box.height() * (1 + 2 * options.margin());
    if (options.shape() == CropShape.SQUARE) {
      w = Math.max(w, h);
      h = w;
    }
    int x0 = (int) Math.round(cx - w / 2);
    int y0 = (int) Math.round(cy - h / 2);
    int cw = Math.max(1, (int) Math.round(w));
    int ch = Math.max(1, (int) Math.round(h));
    int left = Math.max(0, -x0);
    int top = Math.max(0, -y0);
    int right = Math.max(0, x0 + cw - image.cols());
    int bottom = Math.max(0, y0 + ch - image.rows());
    Rect inside = new Rect(x0 + left, y0 + top, cw - left - right, ch - top - bottom);
    if (inside.width <= 0 || inside.height <= 0) {
      throw new IllegalArgumentException("Box " + box + " lies outside the image");
    }
    Mat roi = image.submat(inside);
    Mat out = new Mat();
    if (left + top + right + bottom == 0) {
      roi.copyTo(out);
    } else {
      Core.copyMakeBorder(roi, out, top, bottom, left, right, Core.BORDER_REPLICATE);
    }
    roi.release();
    return out;
  }

  private static List<String> annotatedBasenames(Path annotations) throws IOException {
    try (Stream<Path> files = Files.list(annotations)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".xml"))
          .map(n -> n.substring(0, n.length() - 4))
          .sorted()
          .toList();
    }
  }

  private static Path findImage(Path images, String basename) throws IOException {
    for (String ext : List.of(".jpg", ".png", ".jpeg", ".JPG", ".PNG")) {
      Path p = images.resolve(basename + ext);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IOException("No image " + basename + ".jpg or .png in " + images);
  }
}
