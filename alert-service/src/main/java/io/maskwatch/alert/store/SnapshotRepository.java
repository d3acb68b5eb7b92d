package io.maskwatch.alert.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The {@code alert_snapshots} table. */
@ApplicationScoped
public class SnapshotRepository {

  /**
   * A stored snapshot.
   *
   * @param image null when deleted by retention or when it could not be made
   * @param error why it could not be made, or null
   */
  public record Snapshot(
      UUID alertId,
      String site,
      String contentType,
      byte[] image,
      String error,
      Instant createdAt,
      Instant deletedAt) {}

  private final DataSource dataSource;

  public SnapshotRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public boolean exists(UUID alertId) {
    return find(alertId).isPresent();
  }

  /** Stores the snapshot (or why there is none); a second one for the same alert is ignored. */
  public void insert(
      UUID alertId, String site, String contentType, byte[] image, String error, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO alert_snapshots (alert_id, site, content_type, image, error,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setObject(1, alertId);
      insert.setString(2, site);
      insert.setString(3, contentType);
      insert.setBytes(4, image);
      insert.setString(5, error);
      Sql.setInstant(insert, 6, now);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("storing the snapshot of " + alertId + ": " + e.getMessage(), e);
    }
  }

  public Optional<Snapshot> find(UUID alertId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT * FROM alert_snapshots WHERE alert_id = ?")) {
      select.setObject(1, alertId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Snapshot(
                alertId,
                row.getString("site"),
                row.getString("content_type"),
                row.getBytes("image"),
                row.getString("error"),
                Sql.getInstant(row, "created_at"),
                Sql.getInstant(row, "deleted_at")));
      }
    } catch (SQLException e) {
      throw new StoreException("reading the snapshot of " + alertId + ": " + e.getMessage(), e);
    }
  }

  /** Sites that have snapshots with images. */
  public List<String> sitesWithImages() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT DISTINCT site FROM alert_snapshots WHERE image IS NOT NULL");
        ResultSet row = select.executeQuery()) {
      List<String> sites = new ArrayList<>();
      while (row.next()) {
        sites.add(row.getString(1));
      }
      return sites;
    } catch (SQLException e) {
      throw new StoreException("listing snapshot sites: " + e.getMessage(), e);
    }
  }

  /** Empties the images of the site's snapshots made before {@code cutoff}; returns how many. */
  public int deleteImages(String site, Instant cutoff, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE alert_snapshots SET image = NULL, deleted_at = ?"
                    + " WHERE site = ? AND image IS NOT NULL AND created_at < ?")) {
      Sql.setInstant(update, 1, now);
      update.setString(2, site);
      Sql.setInstant(update, 3, cutoff);
      return update.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("deleting snapshots of site " + site + ": " + e.getMessage(), e);
    }
  }
}
