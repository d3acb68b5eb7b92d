package io.maskwatch.trainer.backbone;

import io.maskwatch.trainer.backbone.ProbeReport.Row;
import io.maskwatch.trainer.eval.ClassificationMetrics;
import io.maskwatch.vision.MaskLabel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Trains the probe's heads on training features and scores them on the scene crops. */
final class ProbeHeads {

  static final List<String> CLASSES =
      List.of(
          MaskLabel.WITH_MASK.wireName(),
          MaskLabel.WITHOUT_MASK.wireName(),
          MaskLabel.MASK_WEARED_INCORRECT.wireName());
  private static final int MASK = MaskLabel.WITH_MASK.ordinal();
  private static final int INCORRECT = MaskLabel.MASK_WEARED_INCORRECT.ordinal();

  /** The three feature sets of one feature key. */
  record Sets(float[][] train, float[][] trainLowRes, float[][] scenes) {
    float[][] trainWithLowRes() {
      float[][] x = new float[train.length * 2][];
      System.arraycopy(train, 0, x, 0, train.length);
      System.arraycopy(trainLowRes, 0, x, train.length, trainLowRes.length);
      return x;
    }

    static Sets load(FeatureCache cache, String key) throws IOException {
      return new Sets(
          cache.read(ProbeFeatures.TRAIN, key),
          cache.read(ProbeFeatures.TRAIN_LOWRES, key),
          cache.read(ProbeFeatures.SCENES, key));
    }

    static Sets concat(Sets a, Sets b) {
      return new Sets(
          cat(a.train, b.train), cat(a.trainLowRes, b.trainLowRes), cat(a.scenes, b.scenes));
    }

    private static float[][] cat(float[][] a, float[][] b) {
      float[][] out = new float[a.length][];
      for (int i = 0; i < a.length; i++) {
        out[i] = new float[a[i].length + b[i].length];
        System.arraycopy(a[i], 0, out[i], 0, a[i].length);
        System.arraycopy(b[i], 0, out[i], a[i].length, b[i].length);
      }
      return out;
    }
  }

  private final ProbeReport report;
  private final int[] yTrain;
  private final int[] yScene;

  ProbeHeads(ProbeReport report, int[] yTrain, int[] yScene) {
    this.report = report;
    this.yTrain = yTrain;
    this.yScene = yScene;
  }

  /**
   * LR-3: softmax regression on the 3 classes, trained on the faces and their low-res copies. With
   * variants also: LR-3 without the low-res copies; LR-2: with_mask vs without_mask only (incorrect
   * left out of training); LR-2v: with_mask vs violation (incorrect counted as one).
   */
  void evaluate(String key, int dim, double ms, Sets s, boolean variants) {
    SoftmaxHead.Config lr = SoftmaxHead.Config.linear();
    float[][] x = s.trainWithLowRes();
    int[] y = twice(yTrain);
    add(key, dim, ms, "LR-3", SoftmaxHead.train(x, y, 3, lr), s.scenes(), false);
    if (!variants) {
      return;
    }
    add(
        key,
        dim,
        ms,
        "LR-3 no low-res",
        SoftmaxHead.train(s.train(), yTrain, 3, lr),
        s.scenes(),
        false);
    List<float[]> x2 = new ArrayList<>();
    List<Integer> y2 = new ArrayList<>();
    int[] yv = new int[y.length];
    for (int i = 0; i < x.length; i++) {
      yv[i] = y[i] == MASK ? 0 : 1;
      if (y[i] != INCORRECT) {
        x2.add(x[i]);
        y2.add(y[i]);
      }
    }
    SoftmaxHead two =
        SoftmaxHead.train(
            x2.toArray(new float[0][]), y2.stream().mapToInt(Integer::intValue).toArray(), 2, lr);
    add(key, dim, ms, "LR-2", two, s.scenes(), true);
    add(key, dim, ms, "LR-2v", SoftmaxHead.train(x, yv, 2, lr), s.scenes(), true);
  }

  void mlp(String key, int dim, double ms, Sets s) {
    SoftmaxHead head =
        SoftmaxHead.train(s.trainWithLowRes(), twice(yTrain), 3, SoftmaxHead.Config.mlp(64));
    add(key, dim, ms, "MLP64-3", head, s.scenes(), false);
  }

  /** Two-class heads predict index 0 = with_mask, 1 = a violation (reported as without_mask). */
  private void add(
      String key,
      int dim,
      double ms,
      String name,
      SoftmaxHead head,
      float[][] scenes,
      boolean two) {
    int[] pred = new int[scenes.length];
    double[] violationScore = new double[scenes.length];
    for (int i = 0; i < scenes.length; i++) {
      float[] p = head.probabilities(scenes[i]);
      violationScore[i] = 1 - p[0];
      pred[i] = argmax(p);
    }
    ClassificationMetrics m = ClassificationMetrics.ofIndices(CLASSES, yScene, pred);
    boolean[] violation = new boolean[yScene.length];
    for (int i = 0; i < yScene.length; i++) {
      violation[i] = yScene[i] != MASK;
    }
    report.add(
        new Row(
            key,
            dim,
            ms,
            name,
            m,
            auc(violationScore, violation),
            bestBalancedAccuracy(violationScore, violation),
            pred));
  }

  /** Area under the ROC curve of the violation score (Mann-Whitney, ties count half). */
  static double auc(double[] score, boolean[] positive) {
    long pos = 0;
    long neg = 0;
    double wins = 0;
    for (int i = 0; i < score.length; i++) {
      if (!positive[i]) {
        continue;
      }
      pos++;
      for (int j = 0; j < score.length; j++) {
        if (positive[j]) {
          continue;
        }
        wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
      }
    }
    for (boolean p : positive) {
      neg += p ? 0 : 1;
    }
    return pos == 0 || neg == 0 ? 0 : wins / (pos * neg);
  }

  /**
   * The best balanced accuracy any threshold on the violation score reaches on these very crops: an
   * optimistic bound (the threshold is tuned on the evaluation set), it shows how far moving the
   * decision threshold alone could go.
   */
  static double bestBalancedAccuracy(double[] score, boolean[] positive) {
    double[] sorted = score.clone();
    Arrays.sort(sorted);
    double best = 0;
    for (double t : sorted) {
      long tp = 0;
      long pos = 0;
      long tn = 0;
      long neg = 0;
      for (int i = 0; i < score.length; i++) {
        if (positive[i]) {
          pos++;
          tp += score[i] >= t ? 1 : 0;
        } else {
          neg++;
          tn += score[i] < t ? 1 : 0;
        }
      }
      best = Math.max(best, 0.5 * ((double) tp / pos + (double) tn / neg));
    }
    return best;
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return best;
  }

  static int[] twice(int[] y) {
    int[] out = new int[y.length * 2];
    System.arraycopy(y, 0, out, 0, y.length);
    System.arraycopy(y, 0, out, y.length, y.length);
    return out;
  }
}
