package io.maskwatch.alert.rest;

import io.maskwatch.alert.domain.auth.Role;
import io.maskwatch.alert.domain.compliance.Bucket;
import io.maskwatch.alert.domain.compliance.ComplianceQuery;
import io.maskwatch.alert.domain.compliance.ComplianceRow;
import io.maskwatch.alert.domain.compliance.Counts;
import io.maskwatch.alert.domain.compliance.GroupBy;
import io.maskwatch.alert.store.ComplianceRepository;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET
 * /api/compliance?site=&camera=&from=&to=&bucket=minute|hour|day&groupBy=camera|zone|site} as JSON,
 * or CSV with {@code Accept: text/csv} or {@code format=csv}.
 */
@Path("/api/compliance")
public class ComplianceResource {

  /** One row as JSON. */
  public record RowView(
      Instant start,
      String site,
      String zone,
      String cameraId,
      long people,
      long masked,
      long unmasked,
      long incorrect,
      long uncertain,
      long frames,
      Double complianceRate) {}

  /** The answer: the query as understood and its rows. */
  public record ComplianceView(
      Instant from, Instant to, String bucket, String groupBy, List<RowView> rows) {}

  static final String CSV_HEADER =
      "start,site,zone,camera_id,people,masked,unmasked,incorrect,uncertain,frames,compliance_rate";

  private final ComplianceRepository compliance;

  public ComplianceResource(ComplianceRepository compliance) {
    this.compliance = compliance;
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Produces({MediaType.APPLICATION_JSON, "text/csv"})
  public Response get(
      @QueryParam("site") String site,
      @QueryParam("camera") String camera,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("bucket") String bucket,
      @QueryParam("groupBy") String groupBy,
      @QueryParam("format") String format,
      @HeaderParam(HttpHeaders.ACCEPT) String accept) {
    ComplianceQuery query;
    try {
      Instant end = to == null ? Instant.now() : instant(to, "to");
      Instant start = from == null ? end.minus(Duration.ofDays(1)) : instant(from, "from");
      query =
          new ComplianceQuery(
              blankToNull(site, "site"),
              blankToNull(camera, "camera"),
              start,
              end,
              bucket == null ? Bucket.HOUR : Bucket.parse(bucket),
              groupBy == null ? GroupBy.CAMERA : GroupBy.parse(groupBy));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    if (format != null && !format.equals("csv") && !format.equals("json")) {
      throw new InvalidRequestException("format must be csv or json, got '" + format + "'");
    }
    List<ComplianceRow> rows = compliance.find(query);
    boolean csv =
        "csv".equals(format)
            || (format == null
                && accept != null
                && accept.contains("text/csv")
                && !accept.contains(MediaType.APPLICATION_JSON));
    if (csv) {
      return Response.ok(csv(rows), "text/csv; charset=utf-8")
          .header("Content-Disposition", "attachment; filename=\"compliance.csv\"")
          .build();
    }
    return Response.ok(
            new ComplianceView(
                query.from(),
                query.to(),
                query.bucket().sqlField(),
                query.groupBy().name().toLowerCase(java.util.Locale.ROOT),
                rows.stream().map(ComplianceResource::view).toList()),
            MediaType.APPLICATION_JSON_TYPE)
        .build();
  }

  private static RowView view(ComplianceRow row) {
    Counts c = row.counts();
    return new RowView(
        row.start(),
        row.site(),
        row.zone(),
        row.cameraId(),
        c.people(),
        c.masked(),
        c.unmasked(),
        c.incorrect(),
        c.uncertain(),
        c.frames(),
        c.complianceRate());
  }

  static String csv(List<ComplianceRow> rows) {
    StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
    for (ComplianceRow row : rows) {
      Counts c = row.counts();
      Double rate = c.complianceRate();
      out.append(row.start())
          .append(',')
          .append(field(row.site()))
          .append(',')
          .append(field(row.zone()))
          .append(',')
          .append(field(row.cameraId()))
          .append(',')
          .append(c.people())
          .append(',')
          .append(c.masked())
          .append(',')
          .append(c.unmasked())
          .append(',')
          .append(c.incorrect())
          .append(',')
          .append(c.uncertain())
          .append(',')
          .append(c.frames())
          .append(',')
          .append(rate == null ? "" : String.format(java.util.Locale.ROOT, "%.4f", rate))
          .append('\n');
    }
    return out.toString();
  }

  /** RFC 4180: quoted when it holds a comma, quote or line break. */
  private static String field(String value) {
    if (value == null) {
      return "";
    }
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }

  private static String blankToNull(String value, String name) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank when given");
    }
    return value;
  }

  private static Instant instant(String value, String name) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " must be an ISO-8601 instant such as 2026-03-02T00:00:00Z, got '" + value + "'");
    }
  }
}
