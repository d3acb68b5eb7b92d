package io.maskwatch.alert;

import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.rules.EffectiveRule;
import io.maskwatch.alert.domain.rules.RuleBook;
import io.maskwatch.alert.domain.rules.RuleSet;
import io.maskwatch.alert.store.RuleRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The rules in force: read from the database, kept in memory, and read again when older than {@code
 * maskwatch.alert.rules.refresh} (so that replicas pick up another's PUT).
 */
@ApplicationScoped
public class RuleService {

  private final RuleRepository repository;
  private final CameraPlacements placements;
  private final RuleSet builtIn;
  private final Duration refresh;
  private final Clock clock = Clock.systemUTC();
  private RuleBook book;
  private Instant loadedAt;

  @Inject
  public RuleService(RuleRepository repository, AlertConfig config, CameraPlacements placements) {
    this(repository, builtIn(config.rules()), config.rules().refresh(), placements);
  }

  /**
   * @param builtIn the values under every stored rule; must fill every field a rule needs
   * @param refresh stored rules are read again when older than this
   */
  public RuleService(RuleRepository repository, RuleSet builtIn, Duration refresh) {
    this(repository, builtIn, refresh, new CameraPlacements());
  }

  /**
   * @param placements the cameras' sites and zones as registered (used where rules name none)
   */
  public RuleService(
      RuleRepository repository, RuleSet builtIn, Duration refresh, CameraPlacements placements) {
    this.repository = repository;
    this.placements = placements;
    this.builtIn = builtIn;
    this.refresh = refresh;
    RuleBook.empty().validate(builtIn);
  }

  private static RuleSet builtIn(AlertConfig.Rules rules) {
    return new RuleSet(
        null,
        null,
        rules.minFrames(),
        rules.minShare(),
        rules.cooldown().toSeconds(),
        null,
        null,
        rules.timeZone(),
        true,
        null,
        rules.snapshotRetentionDays());
  }

  /** The built-in values under every stored rule (from configuration). */
  public RuleSet builtIn() {
    return builtIn;
  }

  public synchronized RuleBook book() {
    Instant now = clock.instant();
    if (book == null || loadedAt.plus(refresh).isBefore(now)) {
      book = repository.load();
      loadedAt = now;
    }
    return book;
  }

  public EffectiveRule effective(String cameraId) {
    return book().effective(cameraId, placements.of(cameraId), builtIn);
  }

  /**
   * @throws IllegalArgumentException when a rule is invalid; nothing is stored then
   */
  public synchronized void replace(RuleBook replacement) {
    replacement.validate(builtIn);
    Instant now = clock.instant();
    repository.replace(replacement, now);
    book = replacement;
    loadedAt = now;
  }
}
