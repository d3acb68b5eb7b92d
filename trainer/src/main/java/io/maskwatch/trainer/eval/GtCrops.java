package io.maskwatch.trainer.eval;

import io.maskwatch.trainer.eval.VocAnnotation.BoundingBox;
import io.maskwatch.trainer.eval.VocAnnotation.VocObject;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.image.FaceCrops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.core.Rect2d;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Cuts the labelled faces out of a scene folder ({@code images/} with {@code .jpg}/{@code .png},
 * {@code annotations/} with VOC XML of the same basename), the way the classifier will see them in
 * production: around the box with a margin, square by default because face-service sends square
 * crops. Parts of the crop outside the image repeat the border pixels, so the face keeps its place
 * and scale in the crop.
 *
 * <p>Cropping is {@link FaceCrops}, the same the services use.
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
    return FaceCrops.crop(
        image,
        new Rect2d(box.xmin(), box.ymin(), box.width(), box.height()),
        options.margin(),
        options.shape() == CropShape.SQUARE);
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
