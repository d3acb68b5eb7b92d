package io.maskwatch.alert.store;

import io.maskwatch.alert.domain.SiteAlert;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** The {@code site_alerts} table, and the site windows of {@code compliance_minutes}. */
@ApplicationScoped
public class SiteAlertRepository {

  /** Masked and decided people of a site over (from, to] by minute. */
  public record WindowCounts(long masked, long decided) {}

  private static final String WINDOW =
      """
      SELECT COALESCE(sum(masked), 0) AS masked,
             COALESCE(sum(masked + unmasked + incorrect), 0) AS decided
        FROM compliance_minutes
       WHERE site = ? AND minute > ? AND minute <= ?
      """;

  private static final String INSERT =
      """
      INSERT INTO site_alerts (alert_id, kind, site, percent, min_percent, window_minutes, people,
                               masked, window_end, raised_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (site, kind) WHERE recovered_at IS NULL DO NOTHING
      """;

  private final DataSource dataSource;

  public SiteAlertRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The site's counts over minute rows after {@code from} up to and including {@code to}. */
  public WindowCounts window(Connection connection, String site, Instant from, Instant to)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(WINDOW)) {
      select.setString(1, site);
      Sql.setInstant(select, 2, from);
      Sql.setInstant(select, 3, to);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return new WindowCounts(row.getLong("masked"), row.getLong("decided"));
      }
    }
  }

  /** The site's latest alert of the kind, or null. */
  public SiteAlert latest(Connection connection, String site, String kind) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT * FROM site_alerts WHERE site = ? AND kind = ?"
                + " ORDER BY raised_at DESC LIMIT 1")) {
      select.setString(1, site);
      select.setString(2, kind);
      List<SiteAlert> found = read(select);
      return found.isEmpty() ? null : found.get(0);
    }
  }

  /**
   * Stores the alert unless the site has one of its kind open.
   *
   * @return true when stored
   */
  public boolean insertIfNoneOpen(Connection connection, SiteAlert alert) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setObject(1, alert.alertId());
      insert.setString(2, alert.kind());
      insert.setString(3, alert.site());
      insert.setDouble(4, alert.percent());
      insert.setDouble(5, alert.minPercent());
      insert.setInt(6, alert.windowMinutes());
      insert.setLong(7, alert.people());
      insert.setLong(8, alert.masked());
      Sql.setInstant(insert, 9, alert.windowEnd());
      Sql.setInstant(insert, 10, alert.raisedAt());
      return insert.executeUpdate() == 1;
    }
  }

  /** Closes the site's open alert of the kind (the rule is armed again). */
  public void recover(Connection connection, String site, String kind, Instant at)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE site_alerts SET recovered_at = ?"
                + " WHERE site = ? AND kind = ? AND recovered_at IS NULL")) {
      Sql.setInstant(update, 1, at);
      update.setString(2, site);
      update.setString(3, kind);
      update.executeUpdate();
    }
  }

  /** Site alerts newest first, of one site or all (site null). */
  public List<SiteAlert> find(String site, int limit) {
    String sql =
        "SELECT * FROM site_alerts"
            + (site == null ? "" : " WHERE site = ?")
            + " ORDER BY raised_at DESC LIMIT ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      int i = 1;
      if (site != null) {
        select.setString(i++, site);
      }
      select.setInt(i, limit);
      return read(select);
    } catch (SQLException e) {
      throw new StoreException("listing site alerts failed: " + e.getMessage(), e);
    }
  }

  private static List<SiteAlert> read(PreparedStatement select) throws SQLException {
    List<SiteAlert> alerts = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        alerts.add(
            new SiteAlert(
                row.getObject("alert_id", UUID.class),
                row.getString("kind"),
                row.getString("site"),
                row.getDouble("percent"),
                row.getDouble("min_percent"),
                row.getInt("window_minutes"),
                row.getLong("people"),
                row.getLong("masked"),
                Sql.getInstant(row, "window_end"),
                Sql.getInstant(row, "raised_at"),
                Sql.getInstant(row, "recovered_at")));
      }
    }
    return alerts;
  }
}
