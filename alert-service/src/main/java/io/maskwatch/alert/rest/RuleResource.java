package io.maskwatch.alert.rest;

import io.maskwatch.alert.RuleService;
import io.maskwatch.alert.domain.auth.Role;
import io.maskwatch.alert.domain.rules.EffectiveRule;
import io.maskwatch.alert.domain.rules.RuleBook;
import io.maskwatch.alert.domain.rules.RuleSet;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/rules}: the stored rules (defaults, per site, per camera) over the built-in values;
 * PUT replaces them all; {@code /api/rules/effective?cameraId=} shows what applies to a camera.
 */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RuleResource {

  /** The stored rules, and the built-in values they override (read-only, from configuration). */
  public record RulesView(
      RuleSet builtIn,
      RuleSet defaults,
      Map<String, RuleSet> sites,
      Map<String, RuleSet> cameras) {}

  /** What applies to one camera. */
  public record EffectiveView(
      String cameraId,
      String site,
      String zone,
      int minFrames,
      double minShare,
      long cooldownSeconds,
      String quietFrom,
      String quietTo,
      String timeZone,
      boolean alertsEnabled,
      List<String> channels,
      int snapshotRetentionDays) {}

  private final RuleService rules;

  public RuleResource(RuleService rules) {
    this.rules = rules;
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  public RulesView get() {
    RuleBook book = rules.book();
    return new RulesView(rules.builtIn(), book.defaults(), book.sites(), book.cameras());
  }

  /** Replaces every stored rule; 400 saying which scope and field when one is invalid. */
  @RolesAllowed(Role.ADMIN_NAME)
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public RulesView put(RulesView body) {
    if (body == null) {
      throw new InvalidRequestException("a rules document is required");
    }
    try {
      rules.replace(new RuleBook(body.defaults(), body.sites(), body.cameras()));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    return get();
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("effective")
  public EffectiveView effective(@QueryParam("cameraId") String cameraId) {
    if (cameraId == null || cameraId.isBlank()) {
      throw new InvalidRequestException("cameraId is required");
    }
    EffectiveRule rule = rules.effective(cameraId);
    return new EffectiveView(
        cameraId,
        rule.site(),
        rule.zone(),
        rule.decision().minFrames(),
        rule.decision().minShare(),
        rule.cooldown().toSeconds(),
        rule.quietHours() == null ? null : rule.quietHours().from().toString(),
        rule.quietHours() == null ? null : rule.quietHours().to().toString(),
        rule.quietHours() == null ? null : rule.quietHours().zone().getId(),
        rule.alertsEnabled(),
        rule.channels().stream().map(channel -> channel.name()).toList(),
        rule.snapshotRetentionDays());
  }
}
