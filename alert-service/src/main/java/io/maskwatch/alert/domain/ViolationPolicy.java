package io.maskwatch.alert.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which labels are violations. A track decided with one of them may raise an alert (see {@link
 * io.maskwatch.alert.domain.rules.AlertDecision}).
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
}
