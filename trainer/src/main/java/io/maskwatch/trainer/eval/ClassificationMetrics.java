package io.maskwatch.trainer.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Metrics over (true, predicted) label pairs for a fixed class list; a plain record so Jackson
 * writes it as JSON as it is.
 *
 * <p>Conventions where a ratio has a zero denominator: precision of a class never predicted is 0,
 * recall of a class with no samples is 0, F1 is 0 when precision + recall is 0 (never NaN).
 * Macro-F1 averages only the classes that have samples, so a class absent from the evaluation set
 * does not drag it down. The 2-class view treats {@code with_mask} as "mask" and every other class
 * as "violation" (null when {@code with_mask} is not among the classes); its balanced accuracy is
 * the mean of mask recall and violation recall.
 *
 * @param confusion counts, {@code confusion[true][predicted]}, in {@code classes} order
 */
public record ClassificationMetrics(
    List<String> classes,
    long[][] confusion,
    List<ClassStats> perClass,
    long total,
    double accuracy,
    double macroF1,
    BinaryView binary) {

  public static final String MASK_CLASS = "with_mask";

  /** Per-class figures; {@code predicted} = how often the class was predicted. */
  public record ClassStats(
      String label, double precision, double recall, double f1, long support, long predicted) {}

  /** Mask vs violation. */
  public record BinaryView(
      double accuracy,
      double maskRecall,
      double violationRecall,
      double balancedAccuracy,
      long maskSupport,
      long violationSupport) {}

  /** Computes all metrics; every label must be one of {@code classes}. */
  public static ClassificationMetrics of(
      List<String> classes, List<String> trueLabels, List<String> predictedLabels) {
    if (trueLabels.size() != predictedLabels.size()) {
      throw new IllegalArgumentException(
          trueLabels.size() + " true labels but " + predictedLabels.size() + " predictions");
    }
    int[] t = new int[trueLabels.size()];
    int[] p = new int[trueLabels.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = indexOf(classes, trueLabels.get(i));
      p[i] = indexOf(classes, predictedLabels.get(i));
    }
    return ofIndices(classes, t, p);
  }

  /** As {@link #of} with labels given as indices into {@code classes}. */
  public static ClassificationMetrics ofIndices(
      List<String> classes, int[] truth, int[] predicted) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException(
          truth.length + " true labels but " + predicted.length + " predictions");
    }
    int k = classes.size();
    long[][] cm = new long[k][k];
    for (int i = 0; i < truth.length; i++) {
      checkIndex(classes, truth[i]);
      checkIndex(classes, predicted[i]);
      cm[truth[i]][predicted[i]]++;
    }
    return ofConfusion(classes, cm);
  }

  /** Metrics of a given confusion matrix ({@code [true][predicted]}). */
  public static ClassificationMetrics ofConfusion(List<String> classes, long[][] cm) {
    int k = classes.size();
    if (cm.length != k) {
      throw new IllegalArgumentException("Confusion matrix has " + cm.length + " rows for " + k);
    }
    long total = 0;
    long correct = 0;
    long[] support = new long[k];
    long[] predicted = new long[k];
    for (int i = 0; i < k; i++) {
      if (cm[i].length != k) {
        throw new IllegalArgumentException("Confusion matrix row " + i + " is not " + k + " wide");
      }
      for (int j = 0; j < k; j++) {
        total += cm[i][j];
        support[i] += cm[i][j];
        predicted[j] += cm[i][j];
      }
      correct += cm[i][i];
    }
    List<ClassStats> stats = new ArrayList<>();
    double f1Sum = 0;
    int present = 0;
    for (int i = 0; i < k; i++) {
      double precision = ratio(cm[i][i], predicted[i]);
      double recall = ratio(cm[i][i], support[i]);
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      stats.add(new ClassStats(classes.get(i), precision, recall, f1, support[i], predicted[i]));
      if (support[i] > 0) {
        f1Sum += f1;
        present++;
      }
    }
    long[][] copy = new long[k][];
    for (int i = 0; i < k; i++) {
      copy[i] = cm[i].clone();
    }
    return new ClassificationMetrics(
        List.copyOf(classes),
        copy,
        List.copyOf(stats),
        total,
        ratio(correct, total),
        present == 0 ? 0 : f1Sum / present,
        binaryView(classes, cm));
  }

  private static BinaryView binaryView(List<String> classes, long[][] cm) {
    int mask = classes.indexOf(MASK_CLASS);
    if (mask < 0) {
      return null;
    }
    long mm = 0;
    long mv = 0;
    long vm = 0;
    long vv = 0;
    for (int i = 0; i < cm.length; i++) {
      for (int j = 0; j < cm.length; j++) {
        boolean trueMask = i == mask;
        boolean predMask = j == mask;
        if (trueMask && predMask) {
          mm += cm[i][j];
        } else if (trueMask) {
          mv += cm[i][j];
        } else if (predMask) {
          vm += cm[i][j];
        } else {
          vv += cm[i][j];
        }
      }
    }
    double maskRecall = ratio(mm, mm + mv);
    double violationRecall = ratio(vv, vm + vv);
    return new BinaryView(
        ratio(mm + vv, mm + mv + vm + vv),
        maskRecall,
        violationRecall,
        (maskRecall + violationRecall) / 2,
        mm + mv,
        vm + vv);
  }

  /** Recall of one class by label (0 when the class has no samples). */
  public double recallOf(String label) {
    return perClass.get(indexOf(classes, label)).recall();
  }

  /** A Markdown report: summary line, per-class table, confusion matrix. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT, "accuracy %.4f, macro-F1 %.4f, n=%d%n", accuracy, macroF1, total));
    if (binary != null) {
      sb.append(
          String.format(
              Locale.ROOT,
              "mask vs violation: accuracy %.4f, mask recall %.4f, violation recall %.4f,"
                  + " balanced accuracy %.4f (mask n=%d, violation n=%d)%n",
              binary.accuracy(),
              binary.maskRecall(),
              binary.violationRecall(),
              binary.balancedAccuracy(),
              binary.maskSupport(),
              binary.violationSupport()));
    }
    sb.append(
        "\n| class | precision | recall | F1 | support |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (ClassStats s : perClass) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4f | %.4f | %.4f | %d |%n",
              s.label(),
              s.precision(),
              s.recall(),
              s.f1(),
              s.support()));
    }
    sb.append("\n| true \\ predicted |");
    classes.forEach(c -> sb.append(' ').append(c).append(" |"));
    sb.append("\n| --- |");
    classes.forEach(c -> sb.append(" ---: |"));
    sb.append('\n');
    for (int i = 0; i < classes.size(); i++) {
      sb.append("| ").append(classes.get(i)).append(" |");
      for (long v : confusion[i]) {
        sb.append(' ').append(v).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static double ratio(long num, long den) {
    return den == 0 ? 0 : (double) num / den;
  }

  private static int indexOf(List<String> classes, String label) {
    int i = classes.indexOf(label);
    if (i < 0) {
      throw new IllegalArgumentException("Label '" + label + "' is not one of " + classes);
    }
    return i;
  }

  private static void checkIndex(List<String> classes, int i) {
    if (i < 0 || i >= classes.size()) {
      throw new IllegalArgumentException("Class index " + i + " outside " + classes);
    }
  }
}
