package io.maskwatch.alert.domain.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesTest {

  static final RuleSet BUILT_IN =
      new RuleSet(null, null, 5, 0.7, 60L, null, null, "UTC", true, null, 30);

  @Test
  void aCameraInheritsFromItsSiteThenTheDefaultsThenTheBuiltInValues() {
    RuleBook book =
        new RuleBook(
            rules(null, null, null, 120L, null),
            Map.of(
                "hq",
                new RuleSet(
                    null,
                    null,
                    3,
                    null,
                    null,
                    "22:00",
                    "06:00",
                    "Europe/Berlin",
                    null,
                    null,
                    null)),
            Map.of(
                "gate-1", rules("hq", "entrance", null, null, 0.9),
                "lonely", rules(null, null, 8, null, null)));

    EffectiveRule gate = book.validate(BUILT_IN).effective("gate-1", BUILT_IN);
    assertThat(gate.site()).isEqualTo("hq");
    assertThat(gate.zone()).isEqualTo("entrance");
    assertThat(gate.decision().minFrames()).isEqualTo(3); // site
    assertThat(gate.decision().minShare()).isEqualTo(0.9); // camera
    assertThat(gate.cooldown()).isEqualTo(Duration.ofSeconds(120)); // defaults
    assertThat(gate.snapshotRetentionDays()).isEqualTo(30); // built in
    assertThat(gate.quietHours().zone().getId()).isEqualTo("Europe/Berlin");

    EffectiveRule lonely = book.effective("lonely", BUILT_IN);
    assertThat(lonely.site()).isEqualTo(RuleBook.DEFAULT_SITE);
    assertThat(lonely.zone()).isEqualTo(RuleBook.DEFAULT_ZONE);
    assertThat(lonely.decision().minFrames()).isEqualTo(8);
    assertThat(lonely.quietHours()).isNull();
    assertThat(book.effective("unknown-camera", BUILT_IN).decision().minFrames()).isEqualTo(5);
  }

  @Test
  void invalidRulesAreRefusedNamingTheScopeAndTheField() {
    assertRefused(
        new RuleBook(rules(null, null, 0, null, null), null, null), "min frames must be >= 1");
    assertRefused(
        new RuleBook(null, null, Map.of("c", rules(null, null, null, null, 0.4))), "min share");
    assertRefused(
        new RuleBook(rules("hq", null, null, null, null), null, null),
        "defaults: site and zone belong to a camera");
    assertRefused(
        new RuleBook(
            null,
            Map.of(
                "hq",
                new RuleSet(null, null, null, null, null, "22:00", null, null, null, null, null)),
            null),
        "site hq: quietFrom and quietTo go together");
    assertRefused(
        new RuleBook(
            null,
            Map.of(
                "hq",
                new RuleSet(
                    null, null, null, null, null, "25:00", "06:00", null, null, null, null)),
            null),
        "quietFrom must be a time");
    assertRefused(
        new RuleBook(
            null,
            Map.of(
                "hq",
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
                    List.of(
                        new ChannelSpec(
                            "hook", "webhook", "ftp://x", null, null, null, null, null, null)),
                    null)),
            null),
        "channel hook: url must be http(s)");
    assertRefused(
        new RuleBook(
            null,
            Map.of(
                "hq",
                new RuleSet(
                    null, null, null, null, null, null, null, "Mars/Base", null, null, null)),
            null),
        "timeZone is not a zone id");
  }

  @Test
  void aViolationIsRaisedUnlessDisabledQuietOrCoolingDown() {
    Instant noon = Instant.parse("2026-03-02T12:00:00Z");
    EffectiveRule plain = RuleBook.empty().effective("c", BUILT_IN);
    assertThat(AlertDecision.decide(plain, false, noon, null)).isEqualTo(AlertDecision.RAISE);
    assertThat(AlertDecision.decide(plain, false, noon, noon.minusSeconds(59)))
        .isEqualTo(AlertDecision.COOLDOWN);
    assertThat(AlertDecision.decide(plain, false, noon, noon.minusSeconds(60)))
        .isEqualTo(AlertDecision.RAISE);
    // An upload is someone asking about a picture: no cooldown.
    assertThat(AlertDecision.decide(plain, true, noon, noon.minusSeconds(1)))
        .isEqualTo(AlertDecision.RAISE);

    RuleBook quiet =
        new RuleBook(
            new RuleSet(
                null, null, null, null, null, "22:00", "06:00", "Europe/Berlin", null, null, null),
            null,
            Map.of(
                "off",
                new RuleSet(null, null, null, null, null, null, null, null, false, null, null)));
    EffectiveRule night = quiet.effective("c", BUILT_IN);
    // 23:30 and 05:59 in Berlin (UTC+1 in March) are quiet; 06:00 and noon are not.
    assertThat(AlertDecision.decide(night, false, Instant.parse("2026-03-02T22:30:00Z"), null))
        .isEqualTo(AlertDecision.QUIET_HOURS);
    assertThat(AlertDecision.decide(night, false, Instant.parse("2026-03-02T04:59:00Z"), null))
        .isEqualTo(AlertDecision.QUIET_HOURS);
    assertThat(AlertDecision.decide(night, false, Instant.parse("2026-03-02T05:00:00Z"), null))
        .isEqualTo(AlertDecision.RAISE);
    assertThat(AlertDecision.decide(night, false, noon, null)).isEqualTo(AlertDecision.RAISE);
    assertThat(AlertDecision.decide(quiet.effective("off", BUILT_IN), true, noon, null))
        .isEqualTo(AlertDecision.DISABLED);
  }

  private static RuleSet rules(
      String site, String zone, Integer minFrames, Long cooldown, Double share) {
    return new RuleSet(site, zone, minFrames, share, cooldown, null, null, null, null, null, null);
  }

  private static void assertRefused(RuleBook book, String message) {
    assertThatThrownBy(() -> book.validate(BUILT_IN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
