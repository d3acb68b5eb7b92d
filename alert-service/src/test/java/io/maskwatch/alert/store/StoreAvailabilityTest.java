package io.maskwatch.alert.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

/** Which failures mean "the database is not there" (wait and retry) and which "this is bad". */
class StoreAvailabilityTest {

  private static StoreException stored(Throwable cause) {
    return new StoreException(
        "storing the verdicts of frame f failed: " + cause.getMessage(), cause);
  }

  @Test
  void connectionErrorsAndServerShutdownsAreUnavailability() {
    // PgJDBC: connection refused (08001), I/O error on an open connection (08006), closed (08003).
    assertThat(
            StoreAvailability.unavailable(stored(new SQLException("Connection refused", "08001"))))
        .isTrue();
    assertThat(StoreAvailability.unavailable(stored(new SQLException("I/O error", "08006"))))
        .isTrue();
    assertThat(StoreAvailability.unavailable(stored(new SQLException("closed", "08003")))).isTrue();
    // Server: terminated by administrator (fast stop), crash shutdown, starting up, too many
    // clients.
    for (String state : new String[] {"57P01", "57P02", "57P03", "53300"}) {
      assertThat(StoreAvailability.unavailable(stored(new SQLException("server", state))))
          .as(state)
          .isTrue();
    }
  }

  @Test
  void poolAndSocketFailuresDeepInTheCausesAreUnavailability() {
    // Agroal: its own messages carry no SQLState.
    SQLException acquisition =
        new SQLException("Acquisition timeout while waiting for new connection");
    assertThat(StoreAvailability.unavailable(new RuntimeException(stored(acquisition)))).isTrue();
    SQLException creating = new SQLException("Exception while creating new connection");
    creating.initCause(new ConnectException("Connection refused"));
    assertThat(StoreAvailability.unavailable(stored(creating))).isTrue();
    assertThat(
            StoreAvailability.unavailable(
                stored(
                    new SQLTransientConnectionException("x", null, new SocketException("reset")))))
        .isTrue();
    // A chained SQLException (getNextException) counts too.
    SQLException batch = new SQLException("batch entry 0 aborted", "22000");
    batch.setNextException(new SQLException("connection lost", "08006"));
    assertThat(StoreAvailability.unavailable(stored(batch))).isTrue();
    // Narayana: the resource failed during commit or rollback.
    XAException commit = new XAException(XAException.XA_RBCOMMFAIL);
    RuntimeException rollback = new RuntimeException("transaction rolled back");
    rollback.addSuppressed(commit);
    assertThat(StoreAvailability.unavailable(rollback)).isTrue();
  }

  @Test
  void statementsRefusedByAWorkingDatabaseAreNot() {
    // Unique and check violations, bad data, a missing table, a serialization failure.
    for (String state : new String[] {"23505", "23514", "22001", "42P01", "40001"}) {
      assertThat(StoreAvailability.unavailable(stored(new SQLException("refused", state))))
          .as(state)
          .isFalse();
    }
    assertThat(StoreAvailability.unavailable(new IllegalArgumentException("bad box"))).isFalse();
    assertThat(StoreAvailability.unavailable(new XAException(XAException.XAER_PROTO))).isFalse();
    // A cause cycle ends.
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(StoreAvailability.unavailable(a)).isFalse();
  }
}
