package io.maskwatch.ingest.camera.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;

/** An HTTP URL answering one JPEG per GET, polled at the sampling rate. */
public final class SnapshotSource implements CameraSource {

  private final String url;
  private final long periodNanos;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxBytes;
  private final Clock clock;
  private long nextDue = System.nanoTime();
  private volatile HttpURLConnection current;

  public SnapshotSource(
      String url,
      double fps,
      Duration connectTimeout,
      Duration readTimeout,
      int maxBytes,
      Clock clock) {
    this.url = url;
    this.periodNanos = (long) (1e9 / fps);
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  @Override
  public Picture next() throws IOException, InterruptedException {
    long wait = nextDue - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
    long started = System.nanoTime();
    // Late (a slow camera): the next poll is a period after this one, not a burst to catch up.
    nextDue = Math.max(nextDue + periodNanos, started + periodNanos / 2);
    HttpURLConnection connection = Http.get(url, connectTimeout, readTimeout);
    current = connection;
    try (InputStream in = connection.getInputStream()) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        throw new IOException("snapshot larger than " + maxBytes + " bytes");
      }
      if (body.length == 0) {
        throw new IOException("empty snapshot");
      }
      return Picture.ofJpeg(body, clock.instant());
    } finally {
      current = null;
      connection.disconnect();
    }
  }

  @Override
  public boolean paced() {
    return true;
  }

  @Override
  public void abort() {
    HttpURLConnection connection = current;
    if (connection != null) {
      connection.disconnect();
    }
  }

  @Override
  public void close() {
    abort();
  }
}
