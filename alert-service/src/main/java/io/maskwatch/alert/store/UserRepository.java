package io.maskwatch.alert.store;

import io.maskwatch.alert.domain.auth.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code dashboard_users} table: who may log in to the dashboard, and as what. */
@ApplicationScoped
public class UserRepository {

  /** One user; the hash is PBKDF2 (never the password). */
  public record DashboardUser(String username, String passwordHash, Role role) {

    @Override
    public String toString() {
      return "DashboardUser[username=" + username + ", role=" + role.wireName() + "]";
    }
  }

  private final DataSource dataSource;

  public UserRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Optional<DashboardUser> find(String username) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT username, password_hash, role FROM dashboard_users WHERE username = ?")) {
      select.setString(1, username);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new DashboardUser(
                row.getString("username"),
                row.getString("password_hash"),
                Role.fromWireName(row.getString("role"))));
      }
    } catch (SQLException e) {
      throw new StoreException("reading dashboard user failed: " + e.getMessage(), e);
    }
  }

  /** Whether any user has the admin role. */
  public boolean adminExists() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT 1 FROM dashboard_users WHERE role = 'admin' LIMIT 1");
        ResultSet row = select.executeQuery()) {
      return row.next();
    } catch (SQLException e) {
      throw new StoreException("reading dashboard users failed: " + e.getMessage(), e);
    }
  }

  /**
   * Creates the user unless one with that name exists.
   *
   * @return true when this call created it
   */
  public boolean insertIfAbsent(String username, String passwordHash, Role role) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO dashboard_users (username, password_hash, role) VALUES (?, ?, ?)"
                    + " ON CONFLICT (username) DO NOTHING")) {
      insert.setString(1, username);
      insert.setString(2, passwordHash);
      insert.setString(3, role.wireName());
      return insert.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("creating dashboard user failed: " + e.getMessage(), e);
    }
  }
}
