package io.maskwatch.alert.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.alert.domain.rules.RuleBook;
import io.maskwatch.alert.domain.rules.RuleSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** The {@code rules} table: one JSON body per scope. */
@ApplicationScoped
public class RuleRepository {

  private final DataSource dataSource;
  private final ObjectMapper json;

  public RuleRepository(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  public RuleBook load() {
    RuleSet defaults = RuleSet.EMPTY;
    Map<String, RuleSet> sites = new HashMap<>();
    Map<String, RuleSet> cameras = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement select = connection.createStatement();
        ResultSet row = select.executeQuery("SELECT scope, scope_id, body::text FROM rules")) {
      while (row.next()) {
        RuleSet rules = json.readValue(row.getString(3), RuleSet.class);
        switch (row.getString(1)) {
          case "defaults" -> defaults = rules;
          case "site" -> sites.put(row.getString(2), rules);
          default -> cameras.put(row.getString(2), rules);
        }
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new StoreException("reading the rules failed: " + e.getMessage(), e);
    }
    return new RuleBook(defaults, sites, cameras);
  }

  /** Replaces every stored rule with the book's, in one transaction. */
  public void replace(RuleBook book, Instant now) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement delete = connection.createStatement();
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO rules (scope, scope_id, body, updated_at)"
                      + " VALUES (?, ?, ?::jsonb, ?)")) {
        delete.executeUpdate("DELETE FROM rules");
        add(insert, "defaults", "", book.defaults(), now);
        for (Map.Entry<String, RuleSet> site : book.sites().entrySet()) {
          add(insert, "site", site.getKey(), site.getValue(), now);
        }
        for (Map.Entry<String, RuleSet> camera : book.cameras().entrySet()) {
          add(insert, "camera", camera.getKey(), camera.getValue(), now);
        }
        insert.executeBatch();
        connection.commit();
      } catch (SQLException | JsonProcessingException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new StoreException("storing the rules failed: " + e.getMessage(), e);
    }
  }

  private void add(PreparedStatement insert, String scope, String id, RuleSet rules, Instant now)
      throws SQLException, JsonProcessingException {
    insert.setString(1, scope);
    insert.setString(2, id);
    insert.setString(3, json.writeValueAsString(rules));
    Sql.setInstant(insert, 4, now);
    insert.addBatch();
  }
}
