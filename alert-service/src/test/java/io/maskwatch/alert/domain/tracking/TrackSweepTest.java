package io.maskwatch.alert.domain.tracking;

import static io.maskwatch.alert.domain.tracking.TrackerTest.face;
import static io.maskwatch.alert.domain.tracking.TrackerTest.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.alert.domain.Label;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The sweep that closes the tracks of cameras gone silent (capture times years before "now"). */
class TrackSweepTest {

  private static final Instant WALL = Instant.parse("2030-01-01T12:00:00Z");
  private static final Duration IDLE = Duration.ofSeconds(30);

  private final AtomicReference<Instant> wall = new AtomicReference<>(WALL);
  private final Tracker tracker =
      new Tracker(TrackingSettings.defaults(), UUID::randomUUID, wall::get);
  private final DecisionRule rule = DecisionRule.defaults();

  @Test
  void aSilentCamerasTracksAreClosedAndItsNextFaceStartsANewTrack() {
    UUID first = observe("silent", 0).trackId();
    wall.set(WALL.plusSeconds(25));
    observe("busy", 0);
    assertThat(tracker.openTracks()).isEqualTo(2);

    // 31 s after the silent camera's last frame, 6 s after the busy one's.
    assertThat(tracker.sweep(WALL.plusSeconds(31), IDLE)).isEqualTo(1);
    assertThat(tracker.openTracks()).isEqualTo(1);
    // Closed as a frame would close it: the same face coming back is a new person.
    wall.set(WALL.plusSeconds(32));
    assertThat(observe("silent", 1).trackId()).isNotEqualTo(first);
    // Nothing left to close until the busy camera is silent too.
    assertThat(tracker.sweep(WALL.plusSeconds(40), IDLE)).isZero();
    assertThat(tracker.sweep(WALL.plusSeconds(62), IDLE)).isEqualTo(2);
    assertThat(tracker.openTracks()).isZero();
  }

  @Test
  void aCameraWhoseFramesKeepArrivingKeepsItsTracksHoweverOldTheirCaptureTimes() {
    UUID track = observe("replay", 0).trackId();
    for (int n = 1; n <= 5; n++) {
      wall.set(WALL.plusSeconds(20L * n));
      assertThat(tracker.sweep(wall.get(), IDLE)).isZero();
      // Capture time advances 0.5 s a frame while 20 s pass: the camera is slow, not silent.
      assertThat(observe("replay", n).trackId()).isEqualTo(track);
    }
  }

  @Test
  void theWaitIsNeverShorterThanTheGap() {
    observe("cam", 0);
    // An idle of 1 s is raised to the 3 s gap.
    assertThat(tracker.sweep(WALL.plusSeconds(2), Duration.ofSeconds(1))).isZero();
    assertThat(tracker.sweep(WALL.plusSeconds(4), Duration.ofSeconds(1))).isEqualTo(1);
  }

  private TrackedFace observe(String camera, int n) {
    List<TrackedFace> tracked =
        tracker.observe(frame(camera, n, face(0, 100, 80, Label.WITH_MASK, 0.9f)), rule);
    assertThat(tracked).hasSize(1);
    return tracked.get(0);
  }
}
