package io.maskwatch.alert.store;

import io.maskwatch.alert.config.AlertConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.transaction.xa.XAException;
import org.jboss.logging.Logger;

/**
 * Whether PostgreSQL answers, as the service's work last found it. A failure is either the
 * message's or the statement's ("this is bad": refused for good) or the database's absence ({@link
 * #unavailable}: connection refused or lost, the server shutting down or starting, the pool not
 * getting a connection). Work that meets the latter waits and tries again ({@link
 * #retryWhileUnavailable}) instead of giving its message up.
 *
 * <p>An outage is logged twice, when it starts and when it ends (how long, how many retries), and
 * measured: {@code maskwatch_store_unavailable} (1 while it lasts), {@code
 * maskwatch_store_outages_total}, {@code maskwatch_store_unavailable_seconds_total}.
 */
@ApplicationScoped
public class StoreAvailability {

  private static final Logger LOG = Logger.getLogger(StoreAvailability.class);

  /**
   * SQLStates of a server that is not there for now: class 08 (connection exception) is checked
   * apart; 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up or
   * recovering), 53300 too many connections.
   */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

  private final Duration initial;
  private final Duration max;
  private final Counter outages;
  private final Object lock = new Object();
  private long outageStartedNanos;
  private boolean down;
  private long retries;
  private long finishedOutageNanos;
  private volatile boolean stopping;

  public StoreAvailability(AlertConfig config, MeterRegistry registry) {
    this.initial = config.store().retryInitial();
    this.max = config.store().retryMax();
    this.outages =
        Counter.builder("maskwatch.store.outages")
            .description("Times the database stopped answering (connection refused or lost)")
            .register(registry);
    Gauge.builder("maskwatch.store.unavailable", this, s -> s.isDown() ? 1 : 0)
        .description("1 while the database does not answer and work waits for it, else 0")
        .register(registry);
    FunctionCounter.builder(
            "maskwatch.store.unavailable.seconds", this, StoreAvailability::unavailableSeconds)
        .description("Seconds spent waiting for the database, the current outage included")
        .register(registry);
  }

  /**
   * True when the failure says the database is not there (rather than refusing this statement):
   * somewhere in its causes a connection error (SQLState class 08, 57P01-03, 53300), a pool
   * acquisition timeout, a socket that failed or closed, or a transaction branch whose resource
   * failed.
   */
  public static boolean unavailable(Throwable failure) {
    return unavailable(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static boolean unavailable(Throwable failure, Set<Throwable> seen) {
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException each = sql; each != null; each = each.getNextException()) {
          if (unavailableState(each)) {
            return true;
          }
          if (each.getNextException() == each) {
            break;
          }
        }
      }
      if (t instanceof SocketException
          || t instanceof SocketTimeoutException
          || t instanceof EOFException) {
        return true;
      }
      if (t instanceof XAException xa
          && (xa.errorCode == XAException.XAER_RMFAIL
              || xa.errorCode == XAException.XA_RBCOMMFAIL)) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (unavailable(suppressed, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean unavailableState(SQLException sql) {
    String state = sql.getSQLState();
    if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
      return true;
    }
    String message = String.valueOf(sql.getMessage());
    // Agroal's own failures carry no SQLState.
    return message.startsWith("Acquisition timeout");
  }

  /**
   * Runs {@code action} until it succeeds or fails for another reason than the database's absence:
   * while the database is unavailable it waits ({@code retry-initial} doubling up to {@code
   * retry-max}) and tries again.
   *
   * @return the action's result, or empty when the service is stopping while it waits (the caller
   *     then leaves its message unacknowledged, to be delivered again after the restart)
   * @throws RuntimeException the action's failure when it is not the database's absence
   */
  public <T> Optional<T> retryWhileUnavailable(Supplier<T> action) {
    long waitMillis = initial.toMillis();
    while (true) {
      try {
        T result = action.get();
        available();
        return Optional.of(result);
      } catch (RuntimeException e) {
        if (!unavailable(e)) {
          throw e;
        }
        failed(e);
      }
      if (stopping || !sleep(waitMillis)) {
        return Optional.empty();
      }
      waitMillis = Math.min(waitMillis * 2, max.toMillis());
    }
  }

  /** Records that a statement got its answer: ends the outage if one was going on. */
  public void available() {
    String line = null;
    synchronized (lock) {
      if (down) {
        long lasted = System.nanoTime() - outageStartedNanos;
        finishedOutageNanos += lasted;
        down = false;
        line =
            String.format(
                "database available again after %.1f s of outage (%d retr%s); work goes on",
                lasted / 1e9, retries, retries == 1 ? "y" : "ies");
      }
    }
    if (line != null) {
      LOG.info(line);
    }
  }

  /**
   * Records a failure for which {@link #unavailable} is true: starts the outage (one log line) or
   * counts a retry of it.
   */
  public void failed(Throwable failure) {
    boolean started = false;
    synchronized (lock) {
      if (down) {
        retries++;
      } else {
        down = true;
        outageStartedNanos = System.nanoTime();
        retries = 0;
        started = true;
      }
    }
    if (started) {
      outages.increment();
      LOG.warnf(
          "database unavailable (%s): verdicts wait unacknowledged and are retried every %.1f s at"
              + " most, nothing is dead-lettered; readiness is DOWN until it answers",
          rootMessage(failure), max.toMillis() / 1000.0);
    }
  }

  public boolean isDown() {
    synchronized (lock) {
      return down;
    }
  }

  private double unavailableSeconds() {
    synchronized (lock) {
      long total = finishedOutageNanos + (down ? System.nanoTime() - outageStartedNanos : 0);
      return total / 1e9;
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String rootMessage(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    Throwable root = failure;
    while (root.getCause() != null && seen.put(root, Boolean.TRUE) == null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
