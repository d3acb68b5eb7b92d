package io.maskwatch.alert.store;

import io.maskwatch.alert.domain.compliance.ComplianceQuery;
import io.maskwatch.alert.domain.compliance.ComplianceRow;
import io.maskwatch.alert.domain.compliance.Counts;
import io.maskwatch.alert.domain.compliance.GroupBy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The {@code compliance_minutes} table: changed with each frame, rolled up by queries. */
@ApplicationScoped
public class ComplianceRepository {

  private static final String UPSERT =
      """
      INSERT INTO compliance_minutes (camera_id, minute, site, zone, people, masked, unmasked,
                                      incorrect, uncertain, frames)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (camera_id, minute) DO UPDATE
         SET people = compliance_minutes.people + excluded.people,
             masked = compliance_minutes.masked + excluded.masked,
             unmasked = compliance_minutes.unmasked + excluded.unmasked,
             incorrect = compliance_minutes.incorrect + excluded.incorrect,
             uncertain = compliance_minutes.uncertain + excluded.uncertain,
             frames = compliance_minutes.frames + excluded.frames
      """;

  private final DataSource dataSource;

  public ComplianceRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Adds the changes to the camera's minute rows (creating rows as needed). */
  public void add(
      Connection connection, String cameraId, String site, String zone, Map<Instant, Counts> deltas)
      throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      for (Map.Entry<Instant, Counts> delta : deltas.entrySet()) {
        Counts c = delta.getValue();
        upsert.setString(1, cameraId);
        Sql.setInstant(upsert, 2, delta.getKey());
        upsert.setString(3, site);
        upsert.setString(4, zone);
        upsert.setLong(5, c.people());
        upsert.setLong(6, c.masked());
        upsert.setLong(7, c.unmasked());
        upsert.setLong(8, c.incorrect());
        upsert.setLong(9, c.uncertain());
        upsert.setLong(10, c.frames());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  /** Rows by bucket start, then site, zone, camera. Buckets have UTC boundaries. */
  public List<ComplianceRow> find(ComplianceQuery query) {
    String keys =
        switch (query.groupBy()) {
          case CAMERA -> "site, zone, camera_id";
          case ZONE -> "site, zone, NULL::text AS camera_id";
          case SITE -> "site, NULL::text AS zone, NULL::text AS camera_id";
        };
    String groupKeys =
        switch (query.groupBy()) {
          case CAMERA -> "site, zone, camera_id";
          case ZONE -> "site, zone";
          case SITE -> "site";
        };
    StringBuilder sql =
        new StringBuilder("SELECT date_trunc(?, minute, 'UTC') AS bucket, ")
            .append(keys)
            .append(
                ", sum(people) AS people, sum(masked) AS masked, sum(unmasked) AS unmasked,"
                    + " sum(incorrect) AS incorrect, sum(uncertain) AS uncertain,"
                    + " sum(frames) AS frames FROM compliance_minutes"
                    + " WHERE minute >= ? AND minute < ?");
    if (query.site() != null) {
      sql.append(" AND site = ?");
    }
    if (query.cameraId() != null) {
      sql.append(" AND camera_id = ?");
    }
    sql.append(" GROUP BY 1, ").append(groupKeys).append(" ORDER BY 1, ").append(groupKeys);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql.toString())) {
      int i = 1;
      select.setString(i++, query.bucket().sqlField());
      Sql.setInstant(select, i++, query.from());
      Sql.setInstant(select, i++, query.to());
      if (query.site() != null) {
        select.setString(i++, query.site());
      }
      if (query.cameraId() != null) {
        select.setString(i, query.cameraId());
      }
      List<ComplianceRow> rows = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(
              new ComplianceRow(
                  Sql.getInstant(row, "bucket"),
                  row.getString("site"),
                  query.groupBy() == GroupBy.SITE ? null : row.getString("zone"),
                  query.groupBy() == GroupBy.CAMERA ? row.getString("camera_id") : null,
                  new Counts(
                      row.getLong("people"),
                      row.getLong("masked"),
                      row.getLong("unmasked"),
                      row.getLong("incorrect"),
                      row.getLong("uncertain"),
                      row.getLong("frames"))));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new StoreException("reading compliance failed: " + e.getMessage(), e);
    }
  }
}
