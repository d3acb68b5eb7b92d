package io.maskwatch.alert.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stops the test's real PostgreSQL server and starts it again, same binaries, same data directory,
 * same port and options (what the server wrote in {@code postmaster.opts} when it started), with
 * its own {@code pg_ctl} (in a user namespace when the tests run as root, as the embedded server
 * itself does). While it is stopped, connections are refused, as for a database that went away;
 * sessions open at the stop get {@code 57P01} (terminated by administrator command).
 */
public final class PostgresOutage {

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  private final Path dataDirectory;
  private final Path pgCtl;
  private final List<String> options;
  private final Path log;

  private PostgresOutage(Path dataDirectory, Path pgCtl, List<String> options, Path log) {
    this.dataDirectory = dataDirectory;
    this.pgCtl = pgCtl;
    this.options = options;
    this.log = log;
  }

  /** The server behind {@code jdbcUrl}, which must run on this machine. */
  public static PostgresOutage of(String jdbcUrl, String user, String password)
      throws SQLException, IOException {
    Path dataDirectory;
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW data_directory")) {
      row.next();
      dataDirectory = Path.of(row.getString(1));
    }
    // e.g. /tmp/embedded-pg/PG-x/bin/postgres "-D" "/tmp/epg…" "-p" "40123" "-c" "…"
    String opts =
        Files.readString(dataDirectory.resolve("postmaster.opts"), StandardCharsets.UTF_8).trim();
    int firstQuote = opts.indexOf('"');
    Path postgres = Path.of(opts.substring(0, firstQuote).trim());
    List<String> options = new ArrayList<>();
    Matcher quoted = QUOTED.matcher(opts.substring(firstQuote));
    List<String> tokens = new ArrayList<>();
    while (quoted.find()) {
      tokens.add(quoted.group(1));
    }
    for (int i = 0; i < tokens.size(); i++) {
      if ("-D".equals(tokens.get(i))) {
        i++; // pg_ctl passes the data directory itself
      } else {
        options.add(tokens.get(i));
      }
    }
    Path log = Files.createTempFile("postgres-restart", ".log");
    return new PostgresOutage(dataDirectory, postgres.resolveSibling("pg_ctl"), options, log);
  }

  /** Stops the server (fast: open sessions are terminated) and waits until it is down. */
  public void stop() throws IOException, InterruptedException {
    run(List.of(pgCtl.toString(), "-D", dataDirectory.toString(), "-m", "fast", "-w", "stop"));
  }

  /** Starts the server again as it was and waits until it accepts connections. */
  public void start() throws IOException, InterruptedException {
    StringBuilder serverOptions = new StringBuilder();
    for (String option : options) {
      serverOptions.append(" \"").append(option).append('"');
    }
    run(
        List.of(
            pgCtl.toString(),
            "-D",
            dataDirectory.toString(),
            "-l",
            log.toString(),
            "-o",
            serverOptions.toString().trim(),
            "-w",
            "start"));
  }

  private static void run(List<String> pgCtl) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      // PostgreSQL refuses to run as root; the embedded server was started in a user namespace
      // (as nobody) the same way.
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(pgCtl);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
    }
  }
}
