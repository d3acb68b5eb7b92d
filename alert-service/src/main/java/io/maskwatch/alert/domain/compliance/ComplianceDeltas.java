package io.maskwatch.alert.domain.compliance;

import io.maskwatch.alert.domain.AnalysedFrame;
import io.maskwatch.alert.domain.Label;
import io.maskwatch.alert.domain.tracking.TrackedFace;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one frame changes in its camera's minute rows: one more frame analysed in its own minute; a
 * new track is one more person (uncertain, or its label when decided at once) in the minute it
 * started; a track decided by this frame moves from uncertain to its label, in its start minute.
 */
public final class ComplianceDeltas {

  private ComplianceDeltas() {}

  /** Changes by minute (start of the minute, UTC). */
  public static Map<Instant, Counts> of(AnalysedFrame frame, List<TrackedFace> tracked) {
    Map<Instant, Counts> deltas = new TreeMap<>();
    add(deltas, minute(frame.capturedAt()), new Counts(0, 0, 0, 0, 0, 1));
    for (TrackedFace face : tracked) {
      Instant minute = minute(face.trackFirstSeen());
      if (face.newTrack()) {
        add(deltas, minute, new Counts(1, 0, 0, 0, 0, 0));
        add(deltas, minute, face.uncertain() ? uncertain(1) : labelled(face.label(), 1));
      } else if (face.decidedNow()) {
        add(deltas, minute, uncertain(-1).plus(labelled(face.label(), 1)));
      }
    }
    return deltas;
  }

  public static Instant minute(Instant time) {
    return time.truncatedTo(ChronoUnit.MINUTES);
  }

  private static Counts uncertain(long n) {
    return new Counts(0, 0, 0, 0, n, 0);
  }

  private static Counts labelled(Label label, long n) {
    return switch (label) {
      case WITH_MASK -> new Counts(0, n, 0, 0, 0, 0);
      case WITHOUT_MASK -> new Counts(0, 0, n, 0, 0, 0);
      case MASK_WEARED_INCORRECT -> new Counts(0, 0, 0, n, 0, 0);
      case UNKNOWN -> uncertain(n);
    };
  }

  private static void add(Map<Instant, Counts> deltas, Instant minute, Counts delta) {
    deltas.merge(minute, delta, Counts::plus);
  }
}
