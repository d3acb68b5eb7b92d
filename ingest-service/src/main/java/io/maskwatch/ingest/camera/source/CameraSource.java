package io.maskwatch.ingest.camera.source;

import java.io.IOException;

/**
 * A connected camera, read by one capture thread. Opening is done by {@link SourceFactory}; a
 * failure (connection lost, timeout, end of a stream) is an {@link IOException} whose message may
 * quote the URL (callers scrub it).
 */
public interface CameraSource extends AutoCloseable {

  /**
   * The next picture; blocks until there is one. A read that waits longer than the stall timeout
   * throws {@link java.net.SocketTimeoutException} or {@link StalledException}.
   */
  Picture next() throws IOException, InterruptedException;

  /**
   * Whether this source itself delivers pictures at the sampling rate (snapshots polled at the
   * rate, files played at it), so no picture it returns is skipped. Streams deliver at the camera's
   * rate and are sampled by the caller.
   */
  default boolean paced() {
    return false;
  }

  /**
   * Called from another thread to unblock a {@link #next()} in progress where the source can do so
   * safely (closing a socket); the capture thread still closes the source.
   */
  default void abort() {}

  @Override
  void close();
}
