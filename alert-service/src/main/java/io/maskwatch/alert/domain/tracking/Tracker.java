package io.maskwatch.alert.domain.tracking;

import io.maskwatch.alert.domain.AnalysedFrame;
import io.maskwatch.alert.domain.ClassifiedFace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Tracks faces per camera across frames. Frames of a camera must come in capture order (they do:
 * one Kafka partition per camera key, consumed in order); a frame older than the camera's last one
 * is not tracked. Uploads are single pictures: each of their faces is a track of one frame, decided
 * on that frame ({@link DecisionRule#ONE_FRAME}).
 *
 * <p>State lives in memory: after a restart a person already in view starts a new track.
 */
public final class Tracker {

  /** Frame sources whose frames are single pictures rather than a sequence. */
  public static final String UPLOAD = "upload";

  private final TrackingSettings settings;
  private final Supplier<UUID> ids;
  private final Supplier<Instant> wallClock;
  private final Map<String, CameraTracks> cameras = new HashMap<>();

  public Tracker(TrackingSettings settings) {
    this(settings, UUID::randomUUID);
  }

  Tracker(TrackingSettings settings, Supplier<UUID> ids) {
    this(settings, ids, Instant::now);
  }

  /**
   * @param wallClock when frames arrive (for {@link #sweep}); capture times come from the frames
   */
  Tracker(TrackingSettings settings, Supplier<UUID> ids, Supplier<Instant> wallClock) {
    this.settings = settings;
    this.ids = ids;
    this.wallClock = wallClock;
  }

  /**
   * Associates the frame's faces with tracks and decides tracks that can be.
   *
   * @param rule when this camera's tracks are decided (ignored for uploads)
   * @return the frame's faces in index order with their tracks, or an empty list for a frame older
   *     than its camera's last one (its faces get no track)
   */
  public synchronized List<TrackedFace> observe(AnalysedFrame frame, DecisionRule rule) {
    if (UPLOAD.equals(frame.source())) {
      if (frame.uploadId() == null) {
        return oneFrameTracks(frame);
      }
      // The frames of one upload (a photo, or a video's sampled frames) are tracked together,
      // each face decided on its first frame: a photo's faces are one-frame tracks as before, and
      // a person walking through a video continues one track, so raises one alert, not one per
      // frame.
      return observe(UPLOAD + ":" + frame.uploadId(), frame, DecisionRule.ONE_FRAME);
    }
    return observe(frame.cameraId(), frame, rule);
  }

  private List<TrackedFace> observe(String space, AnalysedFrame frame, DecisionRule rule) {
    CameraTracks tracks = cameras.computeIfAbsent(space, id -> new CameraTracks(settings, ids));
    List<TrackedFace> tracked =
        tracks.observe(frame.frameId(), frame.capturedAt(), frame.faces(), rule, wallClock.get());
    return tracked == null ? List.of() : tracked;
  }

  /** Open tracks over all cameras (a gauge). */
  public synchronized int openTracks() {
    return cameras.values().stream().mapToInt(CameraTracks::openTracks).sum();
  }

  /** Forgets cameras whose tracks have all closed by {@code now}. */
  public synchronized void expire(Instant now) {
    cameras.values().removeIf(tracks -> tracks.expire(now));
  }

  /**
   * Closes the tracks of cameras gone silent, which no next frame would close. A camera is silent
   * when its last frame arrived at least {@code idle} ago (wall clock); its tracks are then closed
   * as a frame would close them (unseen for longer than the gap), taking the camera's clock to have
   * run on since that frame: its last capture time plus the wall-clock time since. Counting from
   * the camera's own capture time keeps replayed or skewed cameras safe; waiting {@code idle} (not
   * less than the gap) keeps a camera whose frames are merely slow to arrive from losing its
   * tracks. A camera left without tracks is forgotten.
   *
   * @return how many tracks were closed
   */
  public synchronized int sweep(Instant wallNow, Duration idle) {
    Duration wait = idle.compareTo(settings.maxGap()) < 0 ? settings.maxGap() : idle;
    int closed = 0;
    Iterator<CameraTracks> it = cameras.values().iterator();
    while (it.hasNext()) {
      CameraTracks tracks = it.next();
      Instant arrived = tracks.lastArrival();
      if (arrived == null || arrived.plus(wait).isAfter(wallNow)) {
        continue;
      }
      closed += tracks.close(tracks.estimatedCaptureTime(wallNow));
      if (tracks.openTracks() == 0) {
        it.remove();
      }
    }
    return closed;
  }

  private List<TrackedFace> oneFrameTracks(AnalysedFrame frame) {
    List<TrackedFace> result = new ArrayList<>();
    for (ClassifiedFace face : frame.faces()) {
      Track track = new Track(ids.get(), face, frame.capturedAt());
      boolean decided = track.decide(DecisionRule.ONE_FRAME);
      result.add(
          new TrackedFace(face, track.id(), track.firstSeen(), 1, true, track.decided(), decided));
    }
    return result;
  }
}
