package io.maskwatch.trainer.eval;

import io.maskwatch.trainer.eval.Predictions.ImagePredictions;
import io.maskwatch.trainer.eval.Predictions.PredictedFace;
import io.maskwatch.trainer.eval.VocAnnotation.BoundingBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Detection metrics of predicted faces against annotated ones, PASCAL-VOC style; a plain record so
 * Jackson writes it as JSON as it is.
 *
 * <p><b>Matching</b> (per class, per image): predictions are taken in descending confidence (ties
 * keep their input order); each is matched to the unmatched ground-truth face of the class with the
 * highest IoU, and is a true positive when that IoU is at least {@link #IOU_THRESHOLD}, else a
 * false positive. A second detection of an already matched face is therefore a false positive. IoU
 * is computed on continuous coordinates ({@code xmax}/{@code ymax} exclusive, no VOC "+1").
 *
 * <p><b>AP</b> is VOC 2010+ all-point interpolation: the area under the precision-recall curve
 * after precision is made monotonically non-increasing. A class with no ground-truth face has AP 0
 * and is left out of the means; with ground truth but no prediction its AP is 0.
 *
 * <ul>
 *   <li>{@code face}: class-agnostic (any label), ranked by the detection {@code score}; recall and
 *       precision are over all predictions (no score threshold).
 *   <li>{@code recallBySize}: of the class-agnostic matching, by the ground-truth box's shorter
 *       side: &lt; 16, 16–32, 32–64, &ge; 64 px.
 *   <li>per-class AP: a prediction belongs to the class of its {@code label}, ranked by {@code
 *       score × label_score}. {@code mask} = {@code with_mask}; {@code violation} = {@code
 *       without_mask} and {@code mask_weared_incorrect} as one class; {@code map2} is their mean.
 *       {@code map3} is the mean over the three labels.
 *   <li>{@code matched}: the confusion matrix (annotated label × predicted label) and accuracy of
 *       the faces matched in the class-agnostic matching.
 * </ul>
 *
 * <p>Every annotated face counts, whatever its size (the data sets used here mark none "difficult",
 * and tiny faces are exactly the ones a camera will see).
 */
public record DetectionMetrics(
    double iouThreshold,
    int images,
    ApResult face,
    List<SizeRecall> recallBySize,
    Map<String, ApResult> classAp,
    double map2,
    double map3,
    ClassificationMetrics matched) {

  public static final double IOU_THRESHOLD = 0.5;
  public static final String WITH_MASK = "with_mask";
  public static final String WITHOUT_MASK = "without_mask";
  public static final String INCORRECT = "mask_weared_incorrect";
  public static final List<String> LABELS = List.of(WITH_MASK, WITHOUT_MASK, INCORRECT);

  /** The size buckets' lower bounds (shorter box side, px); the last is open-ended. */
  static final double[] SIZE_EDGES = {0, 16, 32, 64};

  static final String[] SIZE_NAMES = {"<16", "16-32", "32-64", ">=64"};

  /** Annotated faces of one image. */
  public record GroundTruth(String image, List<VocAnnotation.VocObject> faces) {
    public GroundTruth {
      faces = List.copyOf(faces);
    }
  }

  /**
   * @param ap all-point interpolated average precision
   * @param recall true positives / annotated faces, over all predictions
   * @param precision true positives / predictions
   */
  public record ApResult(
      double ap, double recall, double precision, int truePositives, int predictions, int faces) {}

  /** Recall of the faces whose shorter side is in {@code [minSide, maxSide)}. */
  public record SizeRecall(String bucket, double minSide, double maxSide, int faces, int found) {
    public double recall() {
      return faces == 0 ? 0 : (double) found / faces;
    }
  }

  /**
   * Scores {@code predictions} against {@code truth}. Images are joined by name; a predicted image
   * with no ground truth is an error (its faces could only be false positives by accident), an
   * annotated image with no predictions has all its faces missed.
   */
  public static DetectionMetrics compute(List<GroundTruth> truth, Predictions predictions) {
    Map<String, GroundTruth> gtByImage = new LinkedHashMap<>();
    for (GroundTruth g : truth) {
      if (gtByImage.put(g.image(), g) != null) {
        throw new IllegalArgumentException("image '" + g.image() + "' annotated twice");
      }
    }
    Map<String, List<PredictedFace>> predByImage = new HashMap<>();
    for (ImagePredictions p : predictions.images()) {
      if (!gtByImage.containsKey(p.image())) {
        throw new IllegalArgumentException(
            "predictions for image '" + p.image() + "' which has no annotation");
      }
      predByImage.computeIfAbsent(p.image(), k -> new ArrayList<>()).addAll(p.faces());
    }
    for (List<PredictedFace> faces : predByImage.values()) {
      for (PredictedFace f : faces) {
        if (!LABELS.contains(f.label())) {
          throw new IllegalArgumentException(
              "predicted label '" + f.label() + "' is not one of " + LABELS);
        }
      }
    }

    // Class-agnostic: face AP, size recall, matched pairs.
    Matching faces = match(gtByImage, predByImage, Set.copyOf(LABELS), false);
    int[] bucketFaces = new int[SIZE_EDGES.length];
    int[] bucketFound = new int[SIZE_EDGES.length];
    for (GtRef g : faces.gts) {
      int b = bucket(g.object.box().minSide());
      bucketFaces[b]++;
      if (g.matchedBy != null) {
        bucketFound[b]++;
      }
    }
    List<SizeRecall> sizes = new ArrayList<>();
    for (int b = 0; b < SIZE_EDGES.length; b++) {
      double max = b + 1 < SIZE_EDGES.length ? SIZE_EDGES[b + 1] : Double.POSITIVE_INFINITY;
      sizes.add(new SizeRecall(SIZE_NAMES[b], SIZE_EDGES[b], max, bucketFaces[b], bucketFound[b]));
    }
    long[][] cm = new long[LABELS.size()][LABELS.size()];
    for (GtRef g : faces.gts) {
      if (g.matchedBy != null) {
        cm[labelIndex(g.object.name())][LABELS.indexOf(g.matchedBy.label())]++;
      }
    }

    Map<String, ApResult> classAp = new LinkedHashMap<>();
    classAp.put("mask", match(gtByImage, predByImage, Set.of(WITH_MASK), true).result());
    classAp.put(
        "violation", match(gtByImage, predByImage, Set.of(WITHOUT_MASK, INCORRECT), true).result());
    for (String label : LABELS) {
      classAp.put(label, match(gtByImage, predByImage, Set.of(label), true).result());
    }
    double map2 = meanAp(classAp, List.of("mask", "violation"));
    double map3 = meanAp(classAp, LABELS);
    return new DetectionMetrics(
        IOU_THRESHOLD,
        gtByImage.size(),
        faces.result(),
        List.copyOf(sizes),
        classAp,
        map2,
        map3,
        ClassificationMetrics.ofConfusion(LABELS, cm));
  }

  /** Intersection over union of two boxes (0 when they do not overlap). */
  public static double iou(BoundingBox a, BoundingBox b) {
    double iw = Math.min(a.xmax(), b.xmax()) - Math.max(a.xmin(), b.xmin());
    double ih = Math.min(a.ymax(), b.ymax()) - Math.max(a.ymin(), b.ymin());
    if (iw <= 0 || ih <= 0) {
      return 0;
    }
    double inter = iw * ih;
    return inter / (a.width() * a.height() + b.width() * b.height() - inter);
  }

  /**
   * VOC all-point interpolated AP of a ranked list of hits ({@code true} = true positive) against
   * {@code positives} annotated objects.
   */
  public static double averagePrecision(boolean[] rankedHits, int positives) {
    if (positives == 0) {
      return 0;
    }
    int n = rankedHits.length;
    double[] recall = new double[n + 2];
    double[] precision = new double[n + 2];
    int tp = 0;
    for (int i = 0; i < n; i++) {
      if (rankedHits[i]) {
        tp++;
      }
      recall[i + 1] = (double) tp / positives;
      precision[i + 1] = (double) tp / (i + 1);
    }
    recall[n + 1] = 1;
    precision[n + 1] = 0;
    for (int i = n; i >= 0; i--) {
      precision[i] = Math.max(precision[i], precision[i + 1]);
    }
    double ap = 0;
    for (int i = 1; i <= n + 1; i++) {
      ap += (recall[i] - recall[i - 1]) * precision[i];
    }
    return ap;
  }

  private static double meanAp(Map<String, ApResult> aps, List<String> classes) {
    double sum = 0;
    int n = 0;
    for (String c : classes) {
      ApResult r = aps.get(c);
      if (r.faces() > 0) {
        sum += r.ap();
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  private static int bucket(double minSide) {
    for (int b = SIZE_EDGES.length - 1; b > 0; b--) {
      if (minSide >= SIZE_EDGES[b]) {
        return b;
      }
    }
    return 0;
  }

  private static int labelIndex(String label) {
    int i = LABELS.indexOf(label);
    if (i < 0) {
      throw new IllegalArgumentException("annotated label '" + label + "' is not one of " + LABELS);
    }
    return i;
  }

  private static final class GtRef {
    final VocAnnotation.VocObject object;
    PredictedFace matchedBy;

    GtRef(VocAnnotation.VocObject object) {
      this.object = object;
    }
  }

  private record Ranked(String image, PredictedFace face, double confidence, int order) {}

  private record Matching(List<GtRef> gts, boolean[] hits) {
    ApResult result() {
      int tp = 0;
      for (boolean h : hits) {
        if (h) {
          tp++;
        }
      }
      int n = gts.size();
      return new ApResult(
          averagePrecision(hits, n),
          n == 0 ? 0 : (double) tp / n,
          hits.length == 0 ? 0 : (double) tp / hits.length,
          tp,
          hits.length,
          n);
    }
  }

  /**
   * Matches the predictions whose label is in {@code labels} to the annotated faces whose label is;
   * with {@code byClass} false every face and prediction takes part, ranked by score alone.
   */
  private static Matching match(
      Map<String, GroundTruth> truth,
      Map<String, List<PredictedFace>> predictions,
      Set<String> labels,
      boolean byClass) {
    Map<String, List<GtRef>> gts = new HashMap<>();
    List<GtRef> all = new ArrayList<>();
    for (GroundTruth g : truth.values()) {
      List<GtRef> refs = new ArrayList<>();
      for (VocAnnotation.VocObject o : g.faces()) {
        labelIndex(o.name());
        if (!byClass || labels.contains(o.name())) {
          GtRef ref = new GtRef(o);
          refs.add(ref);
          all.add(ref);
        }
      }
      gts.put(g.image(), refs);
    }
    List<Ranked> ranked = new ArrayList<>();
    for (Map.Entry<String, List<PredictedFace>> e : predictions.entrySet()) {
      for (PredictedFace f : e.getValue()) {
        if (!byClass || labels.contains(f.label())) {
          double conf = byClass ? f.score() * f.labelScore() : f.score();
          ranked.add(new Ranked(e.getKey(), f, conf, ranked.size()));
        }
      }
    }
    ranked.sort(
        Comparator.comparingDouble(Ranked::confidence).reversed().thenComparingInt(Ranked::order));
    boolean[] hits = new boolean[ranked.size()];
    for (int i = 0; i < ranked.size(); i++) {
      Ranked r = ranked.get(i);
      BoundingBox box = r.face().boundingBox();
      GtRef best = null;
      double bestIou = -1;
      for (GtRef g : gts.get(r.image())) {
        if (g.matchedBy == null) {
          double iou = iou(box, g.object.box());
          if (iou > bestIou) {
            bestIou = iou;
            best = g;
          }
        }
      }
      if (best != null && bestIou >= IOU_THRESHOLD) {
        best.matchedBy = r.face();
        hits[i] = true;
      }
    }
    return new Matching(all, hits);
  }

  /** A Markdown summary: detection line, size recall, class APs, matched-face confusion. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "face AP@%.1f %.4f, recall %.4f, precision %.4f (%d of %d faces found, %d"
                + " predictions, %d images)%n",
            iouThreshold,
            face.ap(),
            face.recall(),
            face.precision(),
            face.truePositives(),
            face.faces(),
            face.predictions(),
            images));
    sb.append("\n| face size (shorter side, px) | faces | found | recall |\n");
    sb.append("| --- | ---: | ---: | ---: |\n");
    for (SizeRecall s : recallBySize) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %.4f |%n",
              s.bucket(),
              s.faces(),
              s.found(),
              s.recall()));
    }
    sb.append("\n| class | AP | recall | precision | faces | predictions |\n");
    sb.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    classAp.forEach(
        (name, r) ->
            sb.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %.4f | %.4f | %.4f | %d | %d |%n",
                    name,
                    r.ap(),
                    r.recall(),
                    r.precision(),
                    r.faces(),
                    r.predictions())));
    sb.append(
        String.format(
            Locale.ROOT, "%n2-class mAP (mask, violation) %.4f; 3-class mAP %.4f%n", map2, map3));
    sb.append("\nOn the matched faces: ").append(matched.toMarkdown());
    return sb.toString();
  }
}
