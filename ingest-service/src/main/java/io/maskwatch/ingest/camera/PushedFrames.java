package io.maskwatch.ingest.camera;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counts of the cameras that push their frames to this replica (webcams: a browser posting to
 * {@code POST /api/cameras/{id}/frames}): frames published, frames lost (refused as corrupt, or not
 * taken by Kafka), the last frame's time and the last error. A camera is {@code streaming} while
 * its frames keep coming, {@code stalled} once none has come for the stall timeout. Thread-safe.
 */
public final class PushedFrames {

  private static final long FPS_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Duration stallTimeout;
  private final Map<String, Counts> cameras = new ConcurrentHashMap<>();

  public PushedFrames(Duration stallTimeout) {
    this.stallTimeout = stallTimeout;
  }

  private static final class Counts {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final Deque<Long> sentTimes = new ArrayDeque<>();
    final long since = System.nanoTime();
    volatile Instant lastFrameAt;
    volatile long lastFrameNanos;
    volatile String lastError;
  }

  private Counts of(String cameraId) {
    return cameras.computeIfAbsent(cameraId, id -> new Counts());
  }

  /** A frame of the camera was published. */
  public void sent(String cameraId, Instant capturedAt) {
    Counts counts = of(cameraId);
    long now = System.nanoTime();
    counts.sent.incrementAndGet();
    counts.lastFrameAt = capturedAt;
    counts.lastFrameNanos = now;
    synchronized (counts.sentTimes) {
      counts.sentTimes.addLast(now);
      trim(counts.sentTimes, now);
    }
  }

  /** A frame of the camera was lost: refused as unusable, or not taken by Kafka. */
  public void dropped(String cameraId, String error) {
    Counts counts = of(cameraId);
    counts.dropped.incrementAndGet();
    counts.lastError = error;
  }

  /** Forgets a camera (deleted, or no longer a pushed camera). */
  public void forget(String cameraId) {
    cameras.remove(cameraId);
  }

  /** The camera's status here, or null when it never posted to this replica. */
  public CaptureStatus status(String cameraId) {
    Counts counts = cameras.get(cameraId);
    return counts == null ? null : status(cameraId, counts);
  }

  /** The status of every camera that posted to this replica. */
  public List<CaptureStatus> statuses() {
    List<CaptureStatus> all = new ArrayList<>();
    cameras.forEach((id, counts) -> all.add(status(id, counts)));
    return all;
  }

  private CaptureStatus status(String cameraId, Counts counts) {
    long now = System.nanoTime();
    double fps;
    synchronized (counts.sentTimes) {
      trim(counts.sentTimes, now);
      long span = Math.min(FPS_WINDOW_NANOS, now - counts.since);
      fps = span <= 0 ? 0 : counts.sentTimes.size() * 1e9 / span;
    }
    CaptureState state;
    if (counts.lastFrameAt == null) {
      state = CaptureState.connecting;
    } else if (now - counts.lastFrameNanos > stallTimeout.toNanos()) {
      state = CaptureState.stalled;
    } else {
      state = CaptureState.streaming;
    }
    return new CaptureStatus(
        cameraId,
        state,
        fps,
        counts.sent.get(),
        counts.dropped.get(),
        0,
        counts.lastFrameAt,
        counts.lastError);
  }

  private static void trim(Deque<Long> times, long now) {
    while (!times.isEmpty() && now - times.peekFirst() > FPS_WINDOW_NANOS) {
      times.pollFirst();
    }
  }
}
