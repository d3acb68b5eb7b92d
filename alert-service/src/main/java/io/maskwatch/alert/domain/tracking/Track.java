package io.maskwatch.alert.domain.tracking;

import io.maskwatch.alert.domain.Box;
import io.maskwatch.alert.domain.ClassifiedFace;
import io.maskwatch.alert.domain.Label;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * One face followed over a camera's frames: where it is, how it moves (constant velocity), and the
 * confidence-weighted votes of its frames' labels.
 */
final class Track {

  private final UUID id;
  private final Instant firstSeen;
  private final Map<Label, Double> votes = new EnumMap<>(Label.class);
  private Instant lastSeen;
  private double cx;
  private double cy;
  private double width;
  private double height;
  private double vx;
  private double vy;
  private boolean moved;
  private int frames;
  private Label decided;

  Track(UUID id, ClassifiedFace face, Instant seen) {
    this.id = id;
    this.firstSeen = seen;
    this.lastSeen = seen;
    place(face.box());
    vote(face);
  }

  UUID id() {
    return id;
  }

  Instant firstSeen() {
    return firstSeen;
  }

  Instant lastSeen() {
    return lastSeen;
  }

  int frames() {
    return frames;
  }

  Label decided() {
    return decided;
  }

  /** The box this track is expected at, at {@code time}, moving on at its last velocity. */
  double[] predictedCentre(Instant time) {
    double dt = seconds(lastSeen, time);
    return new double[] {cx + vx * dt, cy + vy * dt};
  }

  double width() {
    return width;
  }

  double height() {
    return height;
  }

  /** Adds the face as the track's next frame at {@code seen}. */
  void extend(ClassifiedFace face, Instant seen) {
    double dt = seconds(lastSeen, seen);
    double oldX = cx;
    double oldY = cy;
    place(face.box());
    if (dt > 0) {
      double nvx = (cx - oldX) / dt;
      double nvy = (cy - oldY) / dt;
      // Smoothed, so that one jittery box does not throw the prediction far off.
      vx = moved ? (vx + nvx) / 2 : nvx;
      vy = moved ? (vy + nvy) / 2 : nvy;
      moved = true;
    }
    lastSeen = seen;
    vote(face);
  }

  /**
   * Decides the track when the rule allows and it is not decided yet.
   *
   * @return true when this call decided it
   */
  boolean decide(DecisionRule rule) {
    if (decided != null || frames < rule.minFrames()) {
      return false;
    }
    double total = 0;
    Label leader = null;
    double best = 0;
    for (Map.Entry<Label, Double> vote : votes.entrySet()) {
      total += vote.getValue();
      if (vote.getValue() > best) {
        best = vote.getValue();
        leader = vote.getKey();
      }
    }
    if (leader == null || total <= 0 || best / total < rule.minShare()) {
      return false;
    }
    decided = leader;
    return true;
  }

  private void place(Box box) {
    cx = box.x() + box.width() / 2.0;
    cy = box.y() + box.height() / 2.0;
    width = box.width();
    height = box.height();
  }

  private void vote(ClassifiedFace face) {
    frames++;
    if (face.label() != Label.UNKNOWN) {
      // A zero confidence still counts a little, so that a track of such frames can decide.
      votes.merge(face.label(), Math.max(face.confidence(), 1e-3), Double::sum);
    }
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }
}
