package io.maskwatch.alert.domain.rules;

import io.maskwatch.alert.domain.tracking.DecisionRule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * All stored rules: defaults, per site, per camera. {@link #effective} merges them field by field
 * over the built-in values, the narrowest scope winning.
 */
public record RuleBook(RuleSet defaults, Map<String, RuleSet> sites, Map<String, RuleSet> cameras) {

  public static final String DEFAULT_SITE = "default";
  public static final String DEFAULT_ZONE = "default";

  public RuleBook {
    defaults = defaults == null ? RuleSet.EMPTY : defaults;
    sites = sites == null ? Map.of() : new TreeMap<>(sites);
    cameras = cameras == null ? Map.of() : new TreeMap<>(cameras);
  }

  public static RuleBook empty() {
    return new RuleBook(RuleSet.EMPTY, Map.of(), Map.of());
  }

  /**
   * Checks every scope, so that a bad rule is refused when it is put, not when a frame needs it.
   *
   * @throws IllegalArgumentException naming the scope and the field
   */
  public RuleBook validate(RuleSet builtIn) {
    check("defaults", defaults, false);
    sites.forEach((id, rules) -> check("site " + id, rules, false));
    cameras.forEach((id, rules) -> check("camera " + id, rules, true));
    effective("validation", builtIn);
    sites.keySet().forEach(site -> effectiveForSite(site, builtIn));
    cameras.keySet().forEach(camera -> effective(camera, builtIn));
    return this;
  }

  /** The rules that apply to a camera, over the built-in values. */
  public EffectiveRule effective(String cameraId, RuleSet builtIn) {
    return effective(cameraId, CameraPlacement.UNKNOWN, builtIn);
  }

  /**
   * The rules that apply to a camera, over the built-in values; its site and zone are those of its
   * rules, else those it was registered with, else the defaults.
   */
  public EffectiveRule effective(String cameraId, CameraPlacement registered, RuleSet builtIn) {
    RuleSet camera = cameras.getOrDefault(cameraId, RuleSet.EMPTY);
    String site = first(camera.site(), first(registered.site(), DEFAULT_SITE));
    String zone = first(camera.zone(), first(registered.zone(), DEFAULT_ZONE));
    return merge(
        site, zone, List.of(camera, sites.getOrDefault(site, RuleSet.EMPTY), defaults, builtIn));
  }

  /** The rules of a site as such (its cameras may narrow them). */
  public EffectiveRule effectiveForSite(String site, RuleSet builtIn) {
    return merge(
        site, DEFAULT_ZONE, List.of(sites.getOrDefault(site, RuleSet.EMPTY), defaults, builtIn));
  }

  /** Every site named by a site rule or a camera (and the default site). */
  public Set<String> siteNames() {
    Set<String> names = new HashSet<>(sites.keySet());
    names.add(DEFAULT_SITE);
    cameras.values().forEach(camera -> names.add(first(camera.site(), DEFAULT_SITE)));
    return names;
  }

  private static EffectiveRule merge(String site, String zone, List<RuleSet> scopes) {
    int minFrames = pick(scopes, RuleSet::minFrames);
    double minShare = pick(scopes, RuleSet::minShare);
    long cooldown = pick(scopes, RuleSet::cooldownSeconds);
    String quietFrom = pickOrNull(scopes, RuleSet::quietFrom);
    String quietTo = pickOrNull(scopes, RuleSet::quietTo);
    ZoneId zoneId = zoneId(pick(scopes, RuleSet::timeZone));
    QuietHours quiet = null;
    if (quietFrom != null && quietTo != null) {
      LocalTime from = time(quietFrom, "quietFrom");
      LocalTime to = time(quietTo, "quietTo");
      if (!from.equals(to)) {
        quiet = new QuietHours(from, to, zoneId);
      }
    }
    if (cooldown < 0) {
      throw new IllegalArgumentException("cooldownSeconds must be >= 0, got " + cooldown);
    }
    int retention = pick(scopes, RuleSet::snapshotRetentionDays);
    if (retention < 1) {
      throw new IllegalArgumentException("snapshotRetentionDays must be >= 1, got " + retention);
    }
    List<ChannelSpec> channels = pickOrNull(scopes, RuleSet::channels);
    return new EffectiveRule(
        site,
        zone,
        new DecisionRule(minFrames, minShare),
        Duration.ofSeconds(cooldown),
        quiet,
        pick(scopes, RuleSet::alertsEnabled),
        channels == null ? List.of() : List.copyOf(channels),
        retention,
        pickOrNull(scopes, RuleSet::complianceAlert));
  }

  private static void check(String scope, RuleSet rules, boolean camera) {
    try {
      if (!camera && (rules.site() != null || rules.zone() != null)) {
        throw new IllegalArgumentException("site and zone belong to a camera's rules");
      }
      if (camera && rules.channels() != null) {
        throw new IllegalArgumentException("channels are set per site (or in the defaults)");
      }
      if (camera && rules.complianceAlert() != null) {
        throw new IllegalArgumentException("complianceAlert is set per site (or in the defaults)");
      }
      if (rules.complianceAlert() != null) {
        rules.complianceAlert().validate();
      }
      if ((rules.quietFrom() == null) != (rules.quietTo() == null)) {
        throw new IllegalArgumentException("quietFrom and quietTo go together");
      }
      if (rules.channels() != null) {
        Set<String> names = new HashSet<>();
        for (ChannelSpec channel : rules.channels()) {
          channel.validate();
          if (!names.add(channel.name())) {
            throw new IllegalArgumentException("channel name " + channel.name() + " twice");
          }
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(scope + ": " + e.getMessage(), e);
    }
  }

  private static <T> T pick(List<RuleSet> scopes, java.util.function.Function<RuleSet, T> field) {
    T value = pickOrNull(scopes, field);
    return Objects.requireNonNull(value, "the built-in rules lack a value");
  }

  private static <T> T pickOrNull(
      List<RuleSet> scopes, java.util.function.Function<RuleSet, T> field) {
    for (RuleSet scope : scopes) {
      T value = field.apply(scope);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static String first(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static LocalTime time(String value, String field) {
    try {
      return LocalTime.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + " must be a time such as 22:00, got '" + value + "'");
    }
  }

  private static ZoneId zoneId(String value) {
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("timeZone is not a zone id: '" + value + "'");
    }
  }
}
