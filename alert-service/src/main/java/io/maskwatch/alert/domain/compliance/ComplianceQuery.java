package io.maskwatch.alert.domain.compliance;

import java.time.Instant;

/**
 * @param site only this site, or null
 * @param cameraId only this camera, or null
 * @param from inclusive
 * @param to exclusive
 */
public record ComplianceQuery(
    String site, String cameraId, Instant from, Instant to, Bucket bucket, GroupBy groupBy) {

  public ComplianceQuery {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to, got " + from + " and " + to);
    }
  }
}
