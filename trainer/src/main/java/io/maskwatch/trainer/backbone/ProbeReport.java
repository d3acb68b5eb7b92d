package io.maskwatch.trainer.backbone;

import io.maskwatch.trainer.eval.ClassificationMetrics;
import io.maskwatch.trainer.eval.ClassificationMetrics.BinaryView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The probe's result rows and their Markdown table. */
final class ProbeReport {

  /** One (feature, head) result on the scene GT crops. */
  record Row(
      String feature,
      int dim,
      double ms,
      String head,
      ClassificationMetrics metrics,
      double auc,
      double bestBalanced,
      int[] predictions) {
    BinaryView binary() {
      return metrics.binary();
    }

    /** Share of incorrectly masked faces flagged as any violation. */
    double incorrectFlagged() {
      long[] r = metrics.confusion()[2];
      long n = r[0] + r[1] + r[2];
      return n == 0 ? 0 : (double) (r[1] + r[2]) / n;
    }
  }

  private final List<Row> rows = new ArrayList<>();

  void add(Row r) {
    rows.add(r);
    System.out.println("  " + line(r));
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  List<Row> best(String head, int n) {
    return rows.stream()
        .filter(r -> r.head().equals(head))
        .sorted(Comparator.comparingDouble((Row r) -> -r.binary().balancedAccuracy()))
        .limit(n)
        .toList();
  }

  /**
   * Mask and violation recall by face size (shorter GT box side), for one row: where the errors
   * are.
   */
  static String bySize(Row r, int[] truth, double[] minSide) {
    double[] edges = {16, 24, 32, 48, 96, Double.MAX_VALUE};
    StringBuilder sb = new StringBuilder();
    sb.append("| face size (px) | masks | mask recall | violations | violation recall |\n");
    sb.append("| --- | ---: | ---: | ---: | ---: |\n");
    for (int b = 0; b + 1 < edges.length; b++) {
      int masks = 0;
      int maskOk = 0;
      int viol = 0;
      int violOk = 0;
      for (int i = 0; i < truth.length; i++) {
        if (minSide[i] < edges[b] || minSide[i] >= edges[b + 1]) {
          continue;
        }
        boolean predMask = r.predictions()[i] == 0;
        if (truth[i] == 0) {
          masks++;
          maskOk += predMask ? 1 : 0;
        } else {
          viol++;
          violOk += predMask ? 0 : 1;
        }
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.3f | %d | %.3f |%n",
              edges[b + 1] == Double.MAX_VALUE
                  ? String.format(Locale.ROOT, ">= %.0f", edges[b])
                  : String.format(Locale.ROOT, "%.0f-%.0f", edges[b], edges[b + 1] - 1),
              masks,
              masks == 0 ? 0 : (double) maskOk / masks,
              viol,
              viol == 0 ? 0 : (double) violOk / viol));
    }
    return sb.toString();
  }

  String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| feature | dim | CPU ms/face | head | acc (2-class) | mask recall | violation recall |"
            + " balanced acc | incorrect recall (3-class) | incorrect flagged | violation AUC |"
            + " balanced acc at best threshold |\n");
    sb.append(
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Row r : rows) {
      sb.append(line(r)).append('\n');
    }
    return sb.toString();
  }

  private static String line(Row r) {
    BinaryView b = r.binary();
    return String.format(
        Locale.ROOT,
        "| %s | %d | %.1f | %s | %.3f | %.3f | %.3f | %.3f | %s | %.3f | %.3f | %.3f |",
        r.feature(),
        r.dim(),
        r.ms(),
        r.head(),
        b.accuracy(),
        b.maskRecall(),
        b.violationRecall(),
        b.balancedAccuracy(),
        r.head().contains("3")
            ? String.format(Locale.ROOT, "%.3f", r.metrics().recallOf("mask_weared_incorrect"))
            : "–",
        r.incorrectFlagged(),
        r.auc(),
        r.bestBalanced());
  }
}
