package io.maskwatch.trainer.eval;

import io.maskwatch.trainer.eval.DetectionMetrics.GroundTruth;
import io.maskwatch.trainer.eval.Predictions.ImagePredictions;
import io.maskwatch.trainer.eval.Predictions.PredictedFace;
import io.maskwatch.trainer.eval.SceneSet.Scene;
import io.maskwatch.trainer.eval.VocAnnotation.BoundingBox;
import io.maskwatch.trainer.eval.VocAnnotation.VocObject;
import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.image.InvalidImageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Mat;

/**
 * Runs the pipeline over a {@link SceneSet}: decode each image ({@link Images#decode}, as
 * face-service does), find its faces ({@link FaceSource}: a detector, or the annotated boxes), cut
 * each face as face-service sends it ({@link ServiceCrops}) and classify a frame's faces in one
 * batch as mask-service does. An image that cannot be decoded is skipped with a warning and
 * counted, and its faces are left out of the ground truth.
 */
public final class SceneEvaluation {

  /**
   * A face to classify: the box reported (image pixels), the box the crop is cut around (a
   * detector's box may reach past the frame: face-service reports it clipped but crops the whole
   * box, padded) and the detection score.
   */
  public record Found(BoundingBox box, BoundingBox cropBox, double score) {
    public Found(BoundingBox box, double score) {
      this(box, box, score);
    }
  }

  /** Where the faces come from. */
  public interface FaceSource {
    /**
     * @param image the decoded BGR picture
     * @param annotation its annotation (a detector ignores it)
     */
    List<Found> find(Mat image, VocAnnotation annotation);

    /** Whether an annotated face counts in the ground truth (classify-gt leaves tiny ones out). */
    default boolean counts(VocObject face) {
      return true;
    }
  }

  /** What a run produced. */
  public record Result(
      Predictions predictions,
      List<GroundTruth> truth,
      List<String> unreadable,
      int facesLeftOut,
      double seconds,
      double findSeconds,
      double classifySeconds) {

    public int imagesEvaluated() {
      return truth.size();
    }

    public double imagesPerSecond() {
      return seconds == 0 ? 0 : truth.size() / seconds;
    }
  }

  private SceneEvaluation() {}

  /**
   * @param progressEvery print a progress line every this many images (0: none)
   */
  public static Result run(
      SceneSet scenes,
      FaceSource source,
      MaskPredictor predictor,
      PrintStream progress,
      int progressEvery)
      throws IOException {
    List<ImagePredictions> images = new ArrayList<>();
    List<GroundTruth> truth = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    int leftOut = 0;
    long findNanos = 0;
    long classifyNanos = 0;
    long started = System.nanoTime();
    int n = scenes.scenes().size();
    int done = 0;
    for (Scene scene : scenes.scenes()) {
      VocAnnotation annotation = VocAnnotations.read(scene.annotation());
      Mat image;
      try {
        image =
            Images.decode(
                Files.readAllBytes(scene.image()),
                scene.image().toString(),
                Images.DEFAULT_MAX_PIXELS);
      } catch (InvalidImageException e) {
        progress.println("warning: skipped unreadable image " + e.getMessage());
        unreadable.add(scene.basename());
        done++;
        continue;
      }
      try {
        List<VocObject> kept = new ArrayList<>();
        for (VocObject o : annotation.objects()) {
          if (source.counts(o)) {
            kept.add(o);
          } else {
            leftOut++;
          }
        }
        truth.add(new GroundTruth(scene.basename(), kept));
        long t0 = System.nanoTime();
        List<Found> found = source.find(image, annotation);
        long t1 = System.nanoTime();
        List<PredictedFace> faces = classify(image, found, predictor);
        long t2 = System.nanoTime();
        findNanos += t1 - t0;
        classifyNanos += t2 - t1;
        images.add(new ImagePredictions(scene.basename(), faces));
      } finally {
        image.release();
      }
      done++;
      if (progressEvery > 0 && (done % progressEvery == 0 || done == n)) {
        double elapsed = (System.nanoTime() - started) / 1e9;
        double rate = done / elapsed;
        progress.printf(
            Locale.ROOT,
            "%d/%d images, %.1f images/s, elapsed %.0f s, ETA %.0f s%n",
            done,
            n,
            rate,
            elapsed,
            (n - done) / rate);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Result(
        new Predictions(images),
        List.copyOf(truth),
        List.copyOf(unreadable),
        leftOut,
        seconds,
        findNanos / 1e9,
        classifyNanos / 1e9);
  }

  private static List<PredictedFace> classify(
      Mat image, List<Found> found, MaskPredictor predictor) {
    if (found.isEmpty()) {
      return List.of();
    }
    List<Mat> crops = new ArrayList<>(found.size());
    try {
      for (Found f : found) {
        crops.add(ServiceCrops.classifierInput(image, f.cropBox()));
      }
      List<MaskPrediction> predictions = predictor.classifyBatch(crops);
      List<PredictedFace> faces = new ArrayList<>(found.size());
      for (int i = 0; i < found.size(); i++) {
        MaskPrediction p = predictions.get(i);
        faces.add(
            PredictedFace.of(
                found.get(i).box(), found.get(i).score(), p.label().wireName(), p.confidence()));
      }
      return faces;
    } finally {
      crops.forEach(Mat::release);
    }
  }

  /** classify-gt: the annotated faces whose shorter side is at least {@code minSide}, score 1. */
  public static FaceSource annotatedFaces(double minSide) {
    return new FaceSource() {
      @Override
      public List<Found> find(Mat image, VocAnnotation annotation) {
        return annotation.objects().stream()
            .filter(this::counts)
            .map(o -> new Found(o.box(), 1.0))
            .toList();
      }

      @Override
      public boolean counts(VocObject face) {
        return face.box().minSide() >= minSide;
      }
    };
  }
}
