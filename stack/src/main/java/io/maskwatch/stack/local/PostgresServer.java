package io.maskwatch.stack.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server from Maven artifacts (zonky's embedded binaries), with its data in a
 * folder that survives restarts, and the {@code maskwatch} database in it.
 */
public final class PostgresServer implements AutoCloseable {

  public static final String DATABASE = "maskwatch";
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final int port;

  private PostgresServer(EmbeddedPostgres postgres, int port) {
    this.postgres = postgres;
    this.port = port;
  }

  public static PostgresServer start(Path dataDir, int port, Duration timeout) {
    if (Ports.inUse(port)) {
      throw new StackException(
          "port " + port + " is taken: is another PostgreSQL (or `./maskwatch up`) running?");
    }
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPGStartupWait(timeout)
              .start();
      PostgresServer server = new PostgresServer(postgres, port);
      server.createDatabase();
      return server;
    } catch (IOException | SQLException e) {
      throw new StackException("PostgreSQL did not start in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  private void createDatabase() throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      statement.execute("CREATE DATABASE " + DATABASE);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new StackException("PostgreSQL did not stop cleanly: " + e.getMessage(), e);
    }
  }
}
