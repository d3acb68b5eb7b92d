package io.maskwatch.ingest.camera;

import io.maskwatch.ingest.camera.source.CameraSource;
import io.maskwatch.ingest.camera.source.Picture;
import io.maskwatch.ingest.camera.source.SourceFactory;
import io.maskwatch.ingest.camera.source.StalledException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Pulls one camera: a capture thread reads its source, samples at the camera's rate, scales and
 * encodes, and puts frames in a small queue; a sending thread hands them to the {@link FrameSink}.
 * Capture never waits for Kafka: when the queue is full the oldest frame is dropped and counted. A
 * failed or stalled source is reconnected after an exponential backoff with jitter. Each camera has
 * its own threads, so a bad camera does not hold up another.
 */
public final class CameraWorker {

  private static final Logger LOG = Logger.getLogger(CameraWorker.class);
  private static final long FPS_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

  /**
   * @param queueSize frames waiting for Kafka per camera; beyond it the oldest is dropped
   * @param maxInFlight frames of one camera sent to Kafka and not yet acknowledged
   * @param stallTimeout no picture for this long → the source is reconnected
   */
  public record Settings(
      int queueSize, int maxInFlight, Backoff backoff, Duration stallTimeout, FrameTally tally) {}

  private final CameraSpec camera;
  private final SourceFactory sources;
  private final FrameEncoder encoder;
  private final FrameSink sink;
  private final Settings settings;
  private final Clock clock;

  private final Deque<CapturedFrame> queue = new ArrayDeque<>();
  private final Semaphore inFlight;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final Deque<Long> sentTimes = new ArrayDeque<>();
  private final long startedNanos = System.nanoTime();

  private volatile boolean running = true;
  private volatile CaptureState state = CaptureState.connecting;
  private volatile String lastError;
  private volatile Instant lastFrameAt;
  private volatile CameraSource current;
  private Thread capture;
  private Thread sender;

  public CameraWorker(
      CameraSpec camera,
      SourceFactory sources,
      FrameEncoder encoder,
      FrameSink sink,
      Settings settings,
      Clock clock) {
    this.camera = camera;
    this.sources = sources;
    this.encoder = encoder;
    this.sink = sink;
    this.settings = settings;
    this.clock = clock;
    this.inFlight = new Semaphore(settings.maxInFlight());
  }

  public CameraSpec camera() {
    return camera;
  }

  public synchronized void start() {
    capture = new Thread(this::captureLoop, "camera-" + camera.id());
    sender = new Thread(this::sendLoop, "camera-" + camera.id() + "-send");
    capture.setDaemon(true);
    sender.setDaemon(true);
    capture.start();
    sender.start();
  }

  /** Asks both threads to stop; returns at once (see {@link #awaitStopped}). */
  public void stop() {
    running = false;
    CameraSource source = current;
    if (source != null) {
      source.abort();
    }
    Thread c = capture;
    Thread s = sender;
    if (c != null) {
      c.interrupt();
    }
    if (s != null) {
      s.interrupt();
    }
  }

  /** Waits up to {@code timeout} for the threads to end; true when they have. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : new Thread[] {capture, sender}) {
      if (t != null) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          t.join(Math.max(1, left / 1_000_000));
        }
        if (t.isAlive()) {
          return false;
        }
      }
    }
    return true;
  }

  public CaptureStatus status() {
    return new CaptureStatus(
        camera.id(),
        state,
        fps(),
        sent.get(),
        dropped.get(),
        skipped.get(),
        lastFrameAt,
        lastError);
  }

  private void captureLoop() {
    int attempt = 0;
    while (running) {
      state = CaptureState.connecting;
      boolean gotFrame = false;
      try (CameraSource source = sources.open(camera);
          MotionGate gate =
              camera.motionGating().enabled() ? new MotionGate(camera.motionGating()) : null) {
        current = source;
        if (!running) {
          break;
        }
        LOG.infof("camera %s: connected to %s", camera.id(), camera.redactedUrl());
        gotFrame = pull(source, gate);
      } catch (StalledException | SocketTimeoutException e) {
        if (running) {
          state = CaptureState.stalled;
          fail("stalled: " + e.getMessage(), e);
        }
      } catch (IOException | RuntimeException e) {
        if (running) {
          state = CaptureState.failed;
          fail(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(), e);
        }
      } catch (InterruptedException e) {
        break;
      } finally {
        current = null;
      }
      if (!running) {
        break;
      }
      if (gotFrame) {
        attempt = 0;
      }
      Duration wait = settings.backoff().delay(attempt++);
      LOG.infof("camera %s: %s; retry %d in %d ms", camera.id(), state, attempt, wait.toMillis());
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        break;
      }
    }
    state = CaptureState.disabled;
  }

  /**
   * Reads until the source fails or the worker stops; returns whether any frame was taken (a
   * connection that worked resets the backoff).
   */
  private boolean pull(CameraSource source, MotionGate gate)
      throws IOException, InterruptedException {
    long periodNanos = (long) (1e9 / camera.sampleFps());
    long stallNanos = settings.stallTimeout().toNanos();
    long nextDue = System.nanoTime();
    long lastTaken = System.nanoTime();
    boolean taken = false;
    while (running) {
      Picture picture = source.next();
      long now = System.nanoTime();
      if (!source.paced()) {
        if (now < nextDue) {
          if (now - lastTaken > stallNanos) {
            throw new StalledException(
                "no usable picture for " + settings.stallTimeout().toSeconds() + " s");
          }
          continue; // not sampled
        }
        // Keep the average rate; after a gap start over rather than catch up with a burst.
        nextDue = now - nextDue > periodNanos ? now + periodNanos : nextDue + periodNanos;
      }
      FrameEncoder.Encoded encoded;
      try {
        encoded = encoder.encode(picture, camera.maxWidth(), camera.maxHeight());
      } catch (IOException e) {
        // One bad picture (a corrupt part): counted, not a reason to reconnect; a camera that
        // sends nothing usable stalls.
        dropped.incrementAndGet();
        settings.tally().dropped();
        lastError = scrub(e.getMessage());
        if (now - lastTaken > stallNanos) {
          throw new StalledException(
              "no usable picture for " + settings.stallTimeout().toSeconds() + " s");
        }
        continue;
      }
      lastTaken = now;
      taken = true;
      state = CaptureState.streaming;
      if (gate != null && !gate.admit(encoded.jpeg(), now)) {
        skipped.incrementAndGet();
        settings.tally().skipped();
        continue; // barely changed since the last frame sent, and no keyframe due
      }
      enqueue(
          new CapturedFrame(
              camera.id(),
              UUID.randomUUID().toString(),
              picture.capturedAt(),
              encoded.width(),
              encoded.height(),
              encoded.jpeg()));
    }
    return taken;
  }

  private void enqueue(CapturedFrame frame) {
    synchronized (queue) {
      if (queue.size() >= settings.queueSize()) {
        queue.pollFirst();
        dropped.incrementAndGet();
        settings.tally().dropped();
      }
      queue.addLast(frame);
      queue.notifyAll();
    }
  }

  private void sendLoop() {
    try {
      while (running) {
        CapturedFrame frame;
        synchronized (queue) {
          while (queue.isEmpty()) {
            queue.wait();
          }
          frame = queue.peekFirst();
        }
        inFlight.acquire();
        synchronized (queue) {
          // The capture thread may have dropped it meanwhile: send the oldest still queued.
          frame = queue.pollFirst();
        }
        if (frame == null) {
          inFlight.release();
          continue;
        }
        CapturedFrame sending = frame;
        try {
          sink.send(camera, sending, failure -> acknowledged(sending, failure));
        } catch (RuntimeException e) {
          acknowledged(sending, e);
        }
      }
    } catch (InterruptedException e) {
      // stopping
    }
  }

  private void acknowledged(CapturedFrame frame, Exception failure) {
    inFlight.release();
    if (failure == null) {
      sent.incrementAndGet();
      settings.tally().sent();
      lastFrameAt = frame.capturedAt();
      long now = System.nanoTime();
      synchronized (sentTimes) {
        sentTimes.addLast(now);
        while (now - sentTimes.peekFirst() > FPS_WINDOW_NANOS) {
          sentTimes.pollFirst();
        }
      }
    } else {
      dropped.incrementAndGet();
      settings.tally().dropped();
      lastError = "publishing to Kafka failed: " + scrub(failure.getMessage());
    }
  }

  private double fps() {
    long now = System.nanoTime();
    synchronized (sentTimes) {
      while (!sentTimes.isEmpty() && now - sentTimes.peekFirst() > FPS_WINDOW_NANOS) {
        sentTimes.pollFirst();
      }
      long span = Math.min(FPS_WINDOW_NANOS, now - startedNanos);
      return span <= 0 ? 0 : sentTimes.size() * 1e9 / span;
    }
  }

  private void fail(String message, Exception e) {
    lastError = scrub(message);
    LOG.warnf("camera %s: %s", camera.id(), lastError);
    LOG.debugf("camera %s: failure type %s", camera.id(), e.getClass().getName());
  }

  private String scrub(String message) {
    return Urls.scrub(message, camera.url());
  }
}
