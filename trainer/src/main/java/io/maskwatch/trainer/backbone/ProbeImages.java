package io.maskwatch.trainer.backbone;

import io.maskwatch.vision.MaskLabel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Training face files and the pixel preparation the probe feeds the backbones. */
final class ProbeImages {

  /** A training face crop: {@code faces/<source>/<label>/<file>}. */
  record TrainingFace(Path path, String source, MaskLabel label) {}

  private ProbeImages() {}

  static List<TrainingFace> listFaces(Path facesDir) throws IOException {
    List<TrainingFace> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(facesDir, 3)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!(name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"))) {
          continue;
        }
        Path rel = facesDir.relativize(p);
        if (rel.getNameCount() != 3) {
          continue;
        }
        out.add(
            new TrainingFace(
                p, rel.getName(0).toString(), MaskLabel.fromWireName(rel.getName(1).toString())));
      }
    }
    if (out.isEmpty()) {
      throw new IOException("No <source>/<label>/*.jpg faces under " + facesDir);
    }
    return out;
  }

  /** Short side for the low-resolution copy of image {@code index}: 16..64, fixed per image. */
  static int lowResSide(long seed, int index) {
    return 16 + new SplittableRandom(seed * 1_000_003L + index).nextInt(49);
  }

  /** Squash-resize to size x size (area filter when shrinking). */
  static Mat resizeSquare(Mat bgr, int size) {
    Mat out = new Mat();
    int interp = bgr.cols() > size || bgr.rows() > size ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR;
    Imgproc.resize(bgr, out, new Size(size, size), 0, 0, interp);
    return out;
  }

  /**
   * Simulates a small face in a scene: shrink so the short side is {@code shortSide} px (area
   * filter), then scale back up to size x size (bilinear), as a tiny detection would be.
   */
  static Mat lowRes(Mat bgr, int shortSide, int size) {
    double scale = (double) shortSide / Math.min(bgr.cols(), bgr.rows());
    Mat small = new Mat();
    if (scale < 1) {
      Imgproc.resize(
          bgr,
          small,
          new Size(
              Math.max(1, Math.round(bgr.cols() * scale)),
              Math.max(1, Math.round(bgr.rows() * scale))),
          0,
          0,
          Imgproc.INTER_AREA);
    } else {
      bgr.copyTo(small);
    }
    Mat out = new Mat();
    Imgproc.resize(small, out, new Size(size, size), 0, 0, Imgproc.INTER_LINEAR);
    small.release();
    return out;
  }

  /** Writes a size x size BGR uint8 Mat as RGB floats 0..255 into {@code dst} at {@code offset}. */
  static void putRgb(Mat bgrSquare, float[] dst, int offset) {
    int n = bgrSquare.rows() * bgrSquare.cols() * 3;
    byte[] bytes = new byte[n];
    bgrSquare.get(0, 0, bytes);
    for (int i = 0; i < n; i += 3) {
      dst[offset + i] = bytes[i + 2] & 0xff;
      dst[offset + i + 1] = bytes[i + 1] & 0xff;
      dst[offset + i + 2] = bytes[i] & 0xff;
    }
  }
}
