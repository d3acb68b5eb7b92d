package io.maskwatch.trainer.data;

import io.maskwatch.vision.OpenCvLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Writes a contact sheet of synthetic masks on real unmasked faces, to look at by eye: {@code
 * SynthPreview <faces folder> <yunet.onnx> <out.png> [count] [seed] [under-nose top low,high]}.
 * Faces are taken evenly spread over the sorted folder; modes cycle correct, under the nose, on the
 * chin.
 */
public final class SynthPreview {
  private static final int CELL = 160;
  private static final int COLUMNS = 6;

  private SynthPreview() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println(
          "usage: SynthPreview <faces folder> <yunet.onnx> <out.png> [count] [seed]"
              + " [under-nose top low,high]");
      System.exit(2);
    }
    int count = args.length > 3 ? Integer.parseInt(args[3]) : 24;
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
    String[] top = args.length > 5 ? args[5].split(",", -1) : null;
    MaskSynthesizer synthesizer =
        top == null
            ? new MaskSynthesizer()
            : new MaskSynthesizer(Double.parseDouble(top[0]), Double.parseDouble(top[1]));
    Path out = Path.of(args[2]);
    int drawn = write(Path.of(args[0]), Path.of(args[1]), out, count, seed, synthesizer);
    System.out.println("Wrote " + drawn + " synthetic faces to " + out.toAbsolutePath());
  }

  /** Draws up to {@code count} faces onto a sheet at {@code out}; returns how many it drew. */
  public static int write(Path facesDir, Path yunetModel, Path out, int count, long seed) {
    return write(facesDir, yunetModel, out, count, seed, new MaskSynthesizer());
  }

  /** As {@link #write(Path, Path, Path, int, long)}, drawing with {@code synthesizer}. */
  public static int write(
      Path facesDir, Path yunetModel, Path out, int count, long seed, MaskSynthesizer synthesizer) {
    OpenCvLoader.ensureLoaded();
    List<Path> files = imagesIn(facesDir);
    LandmarkDetector detector = new LandmarkDetector(yunetModel);
    Random rnd = new Random(seed);
    MaskMode[] modes = MaskMode.values();
    int rows = (count + COLUMNS - 1) / COLUMNS;
    Mat sheet = new Mat(rows * CELL, COLUMNS * CELL, CvType.CV_8UC3, new Scalar(255, 255, 255));
    int drawn = 0;
    Collections.shuffle(files, new Random(seed));
    for (int i = 0; i < files.size() && drawn < count; i++) {
      Mat face = Imgcodecs.imread(files.get(i).toString());
      Optional<FaceLandmarks> landmarks = detector.detect(face);
      MaskMode mode = modes[drawn % modes.length];
      if (landmarks.isEmpty()
          || MaskSynthesizer.visibleFraction(landmarks.get(), face.size(), mode)
              < MaskSynthesizer.MIN_VISIBLE_FRACTION) {
        continue;
      }
      Mat masked = synthesizer.apply(face, landmarks.get(), mode, rnd);
      Mat cell = new Mat();
      double scale = (double) CELL / Math.max(masked.cols(), masked.rows());
      Imgproc.resize(masked, cell, new Size(masked.cols() * scale, masked.rows() * scale));
      int x = (drawn % COLUMNS) * CELL;
      int y = (drawn / COLUMNS) * CELL;
      cell.copyTo(sheet.submat(new Rect(x, y, cell.cols(), cell.rows())));
      Imgproc.putText(
          sheet,
          mode.name(),
          new Point(x + 3, y + 12),
          Imgproc.FONT_HERSHEY_SIMPLEX,
          0.35,
          new Scalar(0, 0, 255),
          1);
      drawn++;
    }
    try {
      Files.createDirectories(out.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the folder of " + out, e);
    }
    if (!Imgcodecs.imwrite(out.toString(), sheet)) {
      throw new IllegalStateException("Could not write " + out);
    }
    return drawn;
  }

  private static List<Path> imagesIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> list = new ArrayList<>(files.filter(DatasetScanner::isImage).sorted().toList());
      if (list.isEmpty()) {
        throw new IllegalArgumentException("No images in " + dir);
      }
      return list;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }
}
