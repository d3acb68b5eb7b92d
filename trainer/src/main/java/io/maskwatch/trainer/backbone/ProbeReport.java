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
  record Row(String feature, int dim, double ms, String head, ClassificationMetrics metrics) {
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

  String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| feature | dim | ms/face | head | acc (2-class) | mask recall | violation recall |"
            + " balanced acc | incorrect recall (3-class) | incorrect flagged |\n");
    sb.append("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Row r : rows) {
      sb.append(line(r)).append('\n');
    }
    return sb.toString();
  }

  private static String line(Row r) {
    BinaryView b = r.binary();
    return String.format(
        Locale.ROOT,
        "| %s | %d | %.1f | %s | %.3f | %.3f | %.3f | %.3f | %s | %.3f |",
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
        r.incorrectFlagged());
  }
}
