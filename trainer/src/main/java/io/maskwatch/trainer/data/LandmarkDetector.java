package io.maskwatch.trainer.data;

import io.maskwatch.vision.OpenCvLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.FaceDetectorYN;

/**
 * Five-point face landmarks with YuNet ({@link FaceDetectorYN}) on a face crop. Crops are tight,
 * and YuNet wants some context around a face, so the crop is padded with a black border first and
 * the landmarks mapped back. Not thread-safe: one per thread.
 */
public final class LandmarkDetector {
  /** Border on each side, as a share of the crop's longer side. */
  private static final double PADDING = 0.25;

  /**
   * Crops are shrunk to this longer side first: the face fills most of a crop, so it stays far
   * above YuNet's smallest face, and detection gets several times cheaper.
   */
  private static final int MAX_SIDE = 200;

  private static final float SCORE_THRESHOLD = 0.5f;
  private static final float NMS_THRESHOLD = 0.3f;

  private final FaceDetectorYN detector;

  public LandmarkDetector(Path yunetModel) {
    if (!Files.isRegularFile(yunetModel)) {
      throw new IllegalArgumentException("YuNet model not found: " + yunetModel);
    }
    OpenCvLoader.ensureLoaded();
    detector =
        FaceDetectorYN.create(
            yunetModel.toString(), "", new Size(320, 320), SCORE_THRESHOLD, NMS_THRESHOLD, 50);
  }

  /** The largest face's landmarks, in the crop's pixels; empty when YuNet finds no face. */
  public Optional<FaceLandmarks> detect(Mat bgr) {
    if (bgr.empty()) {
      throw new IllegalArgumentException("Cannot look for a face in an empty image");
    }
    double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(bgr.cols(), bgr.rows()));
    Mat small = bgr;
    if (scale < 1) {
      small = new Mat();
      Imgproc.resize(
          bgr,
          small,
          new Size(Math.round(bgr.cols() * scale), Math.round(bgr.rows() * scale)),
          0,
          0,
          Imgproc.INTER_AREA);
    }
    int pad = (int) Math.round(PADDING * Math.max(small.cols(), small.rows()));
    Mat padded = new Mat();
    Core.copyMakeBorder(
        small, padded, pad, pad, pad, pad, Core.BORDER_CONSTANT, new Scalar(0, 0, 0));
    if (small != bgr) {
      small.release();
    }
    Mat faces = new Mat();
    try {
      detector.setInputSize(padded.size());
      detector.detect(padded, faces);
      FaceLandmarks best = null;
      float[] row = new float[15];
      for (int i = 0; i < faces.rows(); i++) {
        faces.get(i, 0, row);
        FaceLandmarks face = FaceLandmarks.fromYuNetRow(row);
        if (best == null
            || face.boxWidth() * face.boxHeight() > best.boxWidth() * best.boxHeight()) {
          best = face;
        }
      }
      return Optional.ofNullable(best).map(f -> f.translated(-pad, -pad).scaled(1 / scale));
    } finally {
      padded.release();
      faces.release();
    }
  }
}
