package io.maskwatch.alert.domain.compliance;

import java.time.Instant;

/**
 * One bucket of one camera, zone or site.
 *
 * @param zone null when grouped by site
 * @param cameraId null unless grouped by camera
 */
public record ComplianceRow(
    Instant start, String site, String zone, String cameraId, Counts counts) {}
