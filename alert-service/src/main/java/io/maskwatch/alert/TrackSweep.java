package io.maskwatch.alert;

import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.tracking.Tracker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Closes the tracks of cameras that went silent: a track is otherwise closed only by its camera's
 * next frame, so a camera that stops sending kept its tracks (and its memory) for ever. Closing
 * here is what a next frame would do: the track leaves memory, its row keeps what it was (label or
 * uncertain).
 */
@ApplicationScoped
public class TrackSweep {

  private static final Logger LOG = Logger.getLogger(TrackSweep.class);

  private final Tracker tracker;
  private final Duration idle;
  private final Counter expired;

  public TrackSweep(Tracker tracker, AlertConfig config, MeterRegistry registry) {
    this.tracker = tracker;
    this.idle = config.tracking().sweepIdle();
    this.expired =
        Counter.builder("maskwatch.tracks.expired")
            .description("Tracks closed by the sweep because their camera went silent")
            .register(registry);
  }

  @Scheduled(
      every = "${maskwatch.alert.tracking.sweep-every:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweep() {
    int closed = tracker.sweep(Instant.now(), idle);
    if (closed > 0) {
      expired.increment(closed);
      LOG.infof("closed %d track(s) of camera(s) silent for %s", closed, idle);
    }
  }
}
