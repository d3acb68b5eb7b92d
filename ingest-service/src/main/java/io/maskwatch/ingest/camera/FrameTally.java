package io.maskwatch.ingest.camera;

import java.util.concurrent.atomic.LongAdder;

/**
 * Frames of every camera this replica pulls, counted since it started: the running totals behind
 * {@code maskwatch_camera_frames_total}. Unlike a camera's own status, they survive the camera's
 * worker (a camera that is edited, moved to another replica or deleted keeps its share).
 */
public final class FrameTally {

  private final LongAdder sent = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder skipped = new LongAdder();

  void sent() {
    sent.increment();
  }

  void dropped() {
    dropped.increment();
  }

  void skipped() {
    skipped.increment();
  }

  /** Frames Kafka acknowledged. */
  public long sentCount() {
    return sent.sum();
  }

  /** Frames lost: unusable pictures, the oldest of a full queue, and those Kafka did not take. */
  public long droppedCount() {
    return dropped.sum();
  }

  /** Frames motion gating held back as unchanged. */
  public long skippedCount() {
    return skipped.sum();
  }
}
