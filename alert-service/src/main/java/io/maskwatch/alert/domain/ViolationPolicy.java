package io.maskwatch.alert.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which faces of a frame raise an alert: every face whose label is one of the violation
 * labels, on its own frame. (Tracking faces over frames, cooldowns and quiet hours come later and
 * will narrow this down.)
 */
public final class ViolationPolicy {

  /** No mask, and a mask worn so that it does not cover. */
  public static final Set<Label> DEFAULT_VIOLATIONS =
      EnumSet.of(Label.WITHOUT_MASK, Label.MASK_WEARED_INCORRECT);

  private final Set<Label> violations;

  /**
   * @throws IllegalArgumentException when {@code violations} is empty or names {@link
   *     Label#UNKNOWN}, which says nothing about a mask
   */
  public ViolationPolicy(Set<Label> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("at least one label must count as a violation");
    }
    if (violations.contains(Label.UNKNOWN)) {
      throw new IllegalArgumentException(
          "'unknown' cannot be a violation: it says nothing about the mask");
    }
    this.violations = Set.copyOf(violations);
  }

  public static ViolationPolicy defaults() {
    return new ViolationPolicy(DEFAULT_VIOLATIONS);
  }

  public Set<Label> violations() {
    return violations;
  }

  public boolean isViolation(Label label) {
    return violations.contains(label);
  }

  /** The alerts a frame raises, in face order, stamped {@code raisedAt}. */
  public List<RaisedAlert> alertsFor(AnalysedFrame frame, Instant raisedAt) {
    return frame.faces().stream()
        .filter(face -> isViolation(face.label()))
        .map(
            face ->
                new RaisedAlert(
                    AlertIds.of(frame.frameId(), face.index()),
                    frame.frameId(),
                    face.index(),
                    frame.cameraId(),
                    face.label(),
                    face.confidence(),
                    face.box(),
                    raisedAt))
        .toList();
  }
}
