package io.maskwatch.alert.rest;

import io.maskwatch.alert.CameraRegistry;
import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.auth.Role;
import io.maskwatch.alert.domain.compliance.Bucket;
import io.maskwatch.alert.domain.compliance.ComplianceQuery;
import io.maskwatch.alert.domain.compliance.ComplianceRow;
import io.maskwatch.alert.domain.compliance.Counts;
import io.maskwatch.alert.domain.compliance.GroupBy;
import io.maskwatch.alert.store.AlertRepository;
import io.maskwatch.alert.store.ComplianceRepository;
import io.maskwatch.alert.store.FrameRepository;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/overview}: compliance today and this week per site (UTC days, weeks from Monday),
 * the last 24 hours by hour over all sites, open alerts and cameras online/offline. Percent is
 * masked / decided people × 100, null when no one was decided.
 */
@Path("/api/overview")
@Produces(MediaType.APPLICATION_JSON)
public class OverviewResource {

  public record SiteView(
      String site, Double todayPercent, long todayPeople, Double weekPercent, long weekPeople) {}

  public record HourView(Instant hour, Double percent, long people) {}

  public record OverviewView(
      List<SiteView> sites,
      List<HourView> trend,
      long openAlerts,
      long camerasOnline,
      long camerasOffline) {}

  private final ComplianceRepository compliance;
  private final AlertRepository alerts;
  private final CameraRegistry registry;
  private final FrameRepository frames;
  private final Duration offlineAfter;

  public OverviewResource(
      ComplianceRepository compliance,
      AlertRepository alerts,
      CameraRegistry registry,
      FrameRepository frames,
      AlertConfig config) {
    this.compliance = compliance;
    this.alerts = alerts;
    this.registry = registry;
    this.frames = frames;
    this.offlineAfter = config.cameras().offlineAfter();
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  public OverviewView get() {
    Instant now = Instant.now();
    Instant end = now.plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
    Instant today = now.truncatedTo(ChronoUnit.DAYS);
    Instant week =
        now.atZone(ZoneOffset.UTC)
            .toLocalDate()
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    Map<String, Counts> todayBySite = bySite(today, end);
    Map<String, Counts> weekBySite = bySite(week, end);
    List<SiteView> sites =
        weekBySite.entrySet().stream()
            .map(
                entry -> {
                  Counts day = todayBySite.getOrDefault(entry.getKey(), Counts.ZERO);
                  return new SiteView(
                      entry.getKey(),
                      percent(day),
                      day.people(),
                      percent(entry.getValue()),
                      entry.getValue().people());
                })
            .toList();

    Instant trendFrom = now.truncatedTo(ChronoUnit.HOURS).minus(23, ChronoUnit.HOURS);
    Map<Instant, Counts> byHour = new TreeMap<>();
    for (ComplianceRow row :
        compliance.find(
            new ComplianceQuery(null, null, trendFrom, end, Bucket.HOUR, GroupBy.SITE))) {
      byHour.merge(row.start(), row.counts(), Counts::plus);
    }
    List<HourView> trend =
        byHour.entrySet().stream()
            .map(e -> new HourView(e.getKey(), percent(e.getValue()), e.getValue().people()))
            .toList();

    List<CameraResource.CameraView> cameras =
        CameraResource.views(registry.cameras(), registry, frames, offlineAfter);
    long online = cameras.stream().filter(CameraResource.CameraView::online).count();
    long offline = cameras.stream().filter(camera -> camera.enabled() && !camera.online()).count();
    return new OverviewView(sites, trend, alerts.countOpen(), online, offline);
  }

  private Map<String, Counts> bySite(Instant from, Instant to) {
    Map<String, Counts> bySite = new TreeMap<>();
    for (ComplianceRow row :
        compliance.find(new ComplianceQuery(null, null, from, to, Bucket.DAY, GroupBy.SITE))) {
      bySite.merge(row.site(), row.counts(), Counts::plus);
    }
    return bySite;
  }

  private static Double percent(Counts counts) {
    Double rate = counts.complianceRate();
    return rate == null ? null : Math.round(rate * 1000.0) / 10.0;
  }
}
