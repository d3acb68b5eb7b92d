package io.maskwatch.alert.domain.tracking;

import io.maskwatch.alert.domain.Box;
import io.maskwatch.alert.domain.ClassifiedFace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The open tracks of one camera. Each frame's faces are matched to the tracks' predicted positions
 * (greedily, nearest centre first, among pairs that overlap enough or lie close enough); a face
 * that matches none starts a track; a track unseen for longer than the gap is closed.
 */
final class CameraTracks {

  private final TrackingSettings settings;
  private final Supplier<UUID> ids;
  private final List<Track> open = new ArrayList<>();
  private Instant lastFrame;
  private Instant lastArrival;
  private String lastFrameId;
  private List<TrackedFace> lastResult;

  CameraTracks(TrackingSettings settings, Supplier<UUID> ids) {
    this.settings = settings;
    this.ids = ids;
  }

  int openTracks() {
    return open.size();
  }

  /**
   * @return the faces in the given order with their tracks; the same answer again for the frame
   *     just observed (a retried transaction); null for a frame older than the last one, which is
   *     not tracked
   */
  List<TrackedFace> observe(
      String frameId,
      Instant capturedAt,
      List<ClassifiedFace> faces,
      DecisionRule rule,
      Instant arrival) {
    lastArrival = arrival;
    if (frameId.equals(lastFrameId)) {
      return lastResult;
    }
    if (lastFrame != null && capturedAt.isBefore(lastFrame)) {
      return null;
    }
    open.removeIf(track -> track.lastSeen().plus(settings.maxGap()).isBefore(capturedAt));

    List<Candidate> candidates = new ArrayList<>();
    for (int f = 0; f < faces.size(); f++) {
      Box box = faces.get(f).box();
      double fx = box.x() + box.width() / 2.0;
      double fy = box.y() + box.height() / 2.0;
      for (Track track : open) {
        double[] c = track.predictedCentre(capturedAt);
        double size = Math.max(track.width(), box.width());
        double distance = Math.hypot(fx - c[0], fy - c[1]) / size;
        double iou = iou(c[0], c[1], track.width(), track.height(), box);
        if (iou >= settings.minIou() || distance <= settings.maxCentreDistance()) {
          candidates.add(new Candidate(f, track, distance));
        }
      }
    }
    candidates.sort(Comparator.comparingDouble(Candidate::distance));
    Map<Integer, Track> matched = new HashMap<>();
    Set<Track> taken = new HashSet<>();
    for (Candidate candidate : candidates) {
      if (!matched.containsKey(candidate.face()) && !taken.contains(candidate.track())) {
        matched.put(candidate.face(), candidate.track());
        taken.add(candidate.track());
      }
    }

    List<TrackedFace> result = new ArrayList<>(faces.size());
    for (int f = 0; f < faces.size(); f++) {
      ClassifiedFace face = faces.get(f);
      Track track = matched.get(f);
      boolean started = track == null;
      if (started) {
        track = new Track(ids.get(), face, capturedAt);
        open.add(track);
      } else {
        track.extend(face, capturedAt);
      }
      boolean decidedNow = track.decide(rule);
      result.add(
          new TrackedFace(
              face,
              track.id(),
              track.firstSeen(),
              track.frames(),
              started,
              track.decided(),
              decidedNow));
    }
    lastFrame = capturedAt;
    lastFrameId = frameId;
    lastResult = List.copyOf(result);
    return lastResult;
  }

  /** Closes tracks unseen since before {@code now} minus the gap; true when none is left. */
  boolean expire(Instant now) {
    close(now);
    return open.isEmpty();
  }

  /**
   * Closes tracks unseen since before {@code now} (capture time) minus the gap, as a frame captured
   * at {@code now} would.
   *
   * @return how many were closed
   */
  int close(Instant now) {
    int closed = 0;
    Iterator<Track> it = open.iterator();
    while (it.hasNext()) {
      if (it.next().lastSeen().plus(settings.maxGap()).isBefore(now)) {
        it.remove();
        closed++;
      }
    }
    return closed;
  }

  /**
   * The camera's clock now, were it still sending: its last capture time plus the wall-clock time
   * since that frame arrived; null before any frame.
   */
  Instant estimatedCaptureTime(Instant wallNow) {
    if (lastFrame == null || lastArrival == null) {
      return null;
    }
    return lastFrame.plus(Duration.between(lastArrival, wallNow));
  }

  /** Wall-clock time the camera's last frame arrived, or null. */
  Instant lastArrival() {
    return lastArrival;
  }

  private static double iou(double cx, double cy, double w, double h, Box box) {
    double ax1 = cx - w / 2;
    double ay1 = cy - h / 2;
    double ax2 = ax1 + w;
    double ay2 = ay1 + h;
    double ix = Math.max(0, Math.min(ax2, box.x() + box.width()) - Math.max(ax1, box.x()));
    double iy = Math.max(0, Math.min(ay2, box.y() + box.height()) - Math.max(ay1, box.y()));
    double inter = ix * iy;
    double union = w * h + (double) box.width() * box.height() - inter;
    return union <= 0 ? 0 : inter / union;
  }

  private record Candidate(int face, Track track, double distance) {}
}
