package io.maskwatch.alert.domain.compliance;

import static io.maskwatch.alert.domain.compliance.ComplianceThreshold.Outcome.NONE;
import static io.maskwatch.alert.domain.compliance.ComplianceThreshold.Outcome.RAISE;
import static io.maskwatch.alert.domain.compliance.ComplianceThreshold.Outcome.RECOVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.alert.domain.rules.ComplianceAlertRule;
import io.maskwatch.alert.domain.rules.RuleBook;
import io.maskwatch.alert.domain.rules.RuleSet;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComplianceThresholdTest {

  private static final ComplianceAlertRule RULE = new ComplianceAlertRule(80.0, 10, 4);
  private static final Instant T = Instant.parse("2026-11-22T09:00:00Z");

  @Test
  void belowTheThresholdRaisesOnceThenWaitsForRecovery() {
    assertThat(ComplianceThreshold.judge(RULE, 4, 8, false, null, T)).isEqualTo(RAISE);
    // Still below with the alert open: nothing more.
    assertThat(ComplianceThreshold.judge(RULE, 4, 10, true, T, T.plusSeconds(30))).isEqualTo(NONE);
    // Back at the threshold: the open alert recovers.
    assertThat(ComplianceThreshold.judge(RULE, 8, 10, true, T, T.plusSeconds(60)))
        .isEqualTo(RECOVER);
    assertThat(ComplianceThreshold.judge(RULE, 8, 10, false, T, T.plusSeconds(90))).isEqualTo(NONE);
  }

  @Test
  void afterRecoveryItRaisesAgainOnlyOnceAWindowHasPassed() {
    assertThat(ComplianceThreshold.judge(RULE, 1, 10, false, T, T.plusSeconds(9 * 60)))
        .isEqualTo(NONE);
    assertThat(ComplianceThreshold.judge(RULE, 1, 10, false, T, T.plusSeconds(10 * 60)))
        .isEqualTo(RAISE);
  }

  @Test
  void tooFewDecidedPeopleAreNotJudged() {
    assertThat(ComplianceThreshold.judge(RULE, 0, 3, false, null, T)).isEqualTo(NONE);
    assertThat(ComplianceThreshold.judge(RULE, 0, 3, true, null, T)).isEqualTo(NONE);
    assertThat(ComplianceThreshold.percent(0, 0)).isNaN();
    assertThat(ComplianceThreshold.percent(3, 4)).isEqualTo(75.0);
  }

  @Test
  void theRuleIsCheckedAndBelongsToSitesNotCameras() {
    RuleSet builtIn = new RuleSet(null, null, 5, 0.7, 60L, null, null, "UTC", true, null, 30);
    RuleSet withRule =
        new RuleSet(null, null, null, null, null, null, null, null, null, null, null, RULE);
    RuleBook book = new RuleBook(RuleSet.EMPTY, Map.of("s1", withRule), Map.of());
    assertThat(book.validate(builtIn).effectiveForSite("s1", builtIn).complianceAlert())
        .isEqualTo(RULE);
    assertThat(book.effectiveForSite("s2", builtIn).complianceAlert()).isNull();
    assertThat(new ComplianceAlertRule(50.0, 5, null).minPeople())
        .isEqualTo(ComplianceAlertRule.DEFAULT_MIN_PEOPLE);
    assertThatThrownBy(
            () -> new RuleBook(RuleSet.EMPTY, Map.of(), Map.of("cam", withRule)).validate(builtIn))
        .hasMessageContaining("complianceAlert is set per site");
    RuleSet bad =
        new RuleSet(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new ComplianceAlertRule(120.0, 10, 1));
    assertThatThrownBy(() -> new RuleBook(bad, Map.of(), Map.of()).validate(builtIn))
        .hasMessageContaining("minPercent");
    RuleSet noWindow =
        new RuleSet(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new ComplianceAlertRule(50.0, 0, 1));
    assertThatThrownBy(() -> new RuleBook(noWindow, Map.of(), Map.of()).validate(builtIn))
        .hasMessageContaining("window");
  }
}
