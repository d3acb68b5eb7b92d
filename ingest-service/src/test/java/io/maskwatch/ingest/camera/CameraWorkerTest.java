package io.maskwatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.maskwatch.ingest.CameraServer;
import io.maskwatch.ingest.TestImages;
import io.maskwatch.ingest.TestVideos;
import io.maskwatch.ingest.camera.source.FfmpegSource;
import io.maskwatch.ingest.camera.source.SourceFactory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One camera's capture on real frames (../shared/data/videos) from a test camera server and from
 * files, into a collecting sink (Kafka is in CameraFleetTest and the Quarkus tests).
 */
class CameraWorkerTest {

  private static final Clock CLOCK = Clock.systemUTC();
  private static final CameraWorker.Settings SETTINGS =
      new CameraWorker.Settings(
          4,
          4,
          new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), Math::random),
          Duration.ofSeconds(2),
          new FrameTally());
  private static final SourceFactory SOURCES =
      new SourceFactory(Duration.ofSeconds(2), Duration.ofSeconds(2), 8_000_000, CLOCK);
  private static final FrameEncoder ENCODER = new FrameEncoder(0.85f);

  private final List<CameraWorker> workers = new ArrayList<>();
  private final List<CameraServer> servers = new ArrayList<>();

  /** Acknowledges every frame at once and keeps it. */
  static final class CollectingSink implements FrameSink {
    final List<CapturedFrame> frames = new ArrayList<>();

    @Override
    public synchronized void send(
        CameraSpec camera, CapturedFrame frame, Consumer<Exception> done) {
      frames.add(frame);
      done.accept(null);
    }

    synchronized List<CapturedFrame> frames() {
      return List.copyOf(frames);
    }
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    workers.forEach(CameraWorker::stop);
    for (CameraWorker worker : workers) {
      assertThat(worker.awaitStopped(Duration.ofSeconds(10))).isTrue();
    }
    servers.forEach(CameraServer::stop);
  }

  private CameraServer server(String credentials) throws Exception {
    CameraServer server =
        new CameraServer(TestVideos.jpegFrames("vtest.avi", 20), 10, credentials).start();
    servers.add(server);
    return server;
  }

  private static CameraSpec camera(String url, double fps, int maxWidth, int maxHeight) {
    return new CameraSpec(
        "cam-" + UUID.randomUUID().toString().substring(0, 8),
        "test",
        "lab",
        null,
        url,
        fps,
        maxWidth,
        maxHeight,
        true,
        Instant.now());
  }

  private CameraWorker start(CameraSpec camera, FrameSink sink) {
    CameraWorker worker = new CameraWorker(camera, SOURCES, ENCODER, sink, SETTINGS, CLOCK);
    workers.add(worker);
    worker.start();
    return worker;
  }

  /** Frames per second between the first and the last captured frame. */
  private static double rate(List<CapturedFrame> frames) {
    Duration span =
        Duration.between(frames.get(0).capturedAt(), frames.get(frames.size() - 1).capturedAt());
    return (frames.size() - 1) * 1000.0 / span.toMillis();
  }

  @Test
  void mjpegStreamIsSampledAtTheRateAndScaledDown() throws Exception {
    CameraServer server = server(null);
    CollectingSink sink = new CollectingSink();
    // vtest.avi is 768x576; the stream runs at 10 fps; 4 fps are taken, fitted into 640x360.
    CameraWorker worker = start(camera(server.url("/stream.mjpg"), 4, 640, 360), sink);

    await().atMost(Duration.ofSeconds(30)).until(() -> sink.frames().size() >= 13);
    List<CapturedFrame> frames = sink.frames();
    // At most the configured rate (the stream sends 10 fps); the lower bound is loose because a
    // starved build machine slows the test server itself.
    assertThat(rate(frames)).isBetween(1.5, 4.6);
    CapturedFrame frame = frames.get(frames.size() - 1);
    assertThat(frame.width()).isEqualTo(480);
    assertThat(frame.height()).isEqualTo(360);
    BufferedImage image = TestImages.decode(frame.jpeg());
    assertThat(image.getWidth()).isEqualTo(480);
    assertThat(worker.status().state()).isEqualTo(CaptureState.streaming);
    assertThat(worker.status().framesSent()).isGreaterThanOrEqualTo(13);
    assertThat(worker.status().fps()).isGreaterThan(1.0);
  }

  @Test
  void snapshotsArePolledAtTheRateWithBasicAuthAndFramesThatFitPassUnchanged() throws Exception {
    CameraServer server = server("viewer:s3cr3t-pw");
    CollectingSink sink = new CollectingSink();
    start(camera(server.urlWithCredentials("/snapshot.jpg"), 3, 1280, 720), sink);
    // A wrong password: refused, the error says so without the password; the other camera goes on.
    CameraWorker refused =
        start(
            camera(
                server.url("/snapshot.jpg").replace("http://", "http://viewer:wrong-pw@"),
                3,
                1280,
                720),
            new CollectingSink());

    await().atMost(Duration.ofSeconds(30)).until(() -> sink.frames().size() >= 10);
    List<CapturedFrame> frames = sink.frames();
    assertThat(rate(frames)).isBetween(1.5, 3.5);
    // 768x576 fits 1280x720: the camera's JPEG is published as served.
    assertThat(TestVideos.jpegFrames("vtest.avi", 20))
        .anyMatch(f -> Arrays.equals(f, frames.get(0).jpeg()));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(refused.status().lastError()).contains("401"));
    assertThat(refused.status().lastError()).doesNotContain("wrong-pw");
    assertThat(refused.status().framesSent()).isZero();
  }

  @Test
  void aStoppedServerIsRetriedWithBackoffAndPulledAgainWhenItReturns() throws Exception {
    CameraServer server = server(null);
    CollectingSink sink = new CollectingSink();
    CameraWorker worker = start(camera(server.url("/stream.mjpg"), 5, 1280, 720), sink);
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.frames().size() >= 3);

    server.stop();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                worker.status().state() != CaptureState.streaming
                    && worker.status().lastError() != null);
    int before = sink.frames().size();
    Thread.sleep(1500); // a few retries while the server is away
    assertThat(sink.frames().size()).isLessThanOrEqualTo(before + 1);

    server.start(); // same port
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.frames().size() >= before + 5);
    assertThat(worker.status().state()).isEqualTo(CaptureState.streaming);
    assertThat(server.streamConnections()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aStalledStreamIsDetectedAndReconnected() throws Exception {
    CameraServer server = server(null);
    CollectingSink sink = new CollectingSink();
    CameraWorker worker = start(camera(server.url("/stream.mjpg"), 5, 1280, 720), sink);
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.frames().size() >= 3);

    server.freeze(true); // connected, but no more frames
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(worker.status().lastError()).contains("stalled"));
    server.freeze(false);
    int before = sink.frames().size();
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.frames().size() >= before + 3);
    assertThat(server.streamConnections()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aFileIsPlayedInRealTimeAsACamera() throws Exception {
    String url = TestVideos.video("syzygy126_test.avi").toUri().toString();
    CollectingSink sink = new CollectingSink();
    // 2880x1620 H.264 at 20 frames/s after a first frame and a 4.5 s gap: decoded and scaled to
    // 1280x720 by FFmpeg, 2 of them a second (the rate is taken after the gap).
    CameraWorker worker = start(camera(url, 2, 1280, 720), sink);
    await().atMost(Duration.ofSeconds(40)).until(() -> sink.frames().size() >= 10);
    List<CapturedFrame> frames = sink.frames();
    assertThat(rate(frames.subList(2, frames.size()))).isBetween(1.0, 2.4);
    CapturedFrame frame = sink.frames().get(0);
    assertThat(frame.width()).isEqualTo(1280);
    assertThat(frame.height()).isEqualTo(720);
    assertThat(TestImages.decode(frame.jpeg()).getWidth()).isEqualTo(frame.width());
    assertThat(worker.status().state()).isEqualTo(CaptureState.streaming);
  }

  @Test
  void motionGatingSkipsUnchangedFramesButSendsAKeyframeEverySecond() throws Exception {
    String url = TestVideos.video("vtest.avi").toUri().toString();
    CollectingSink sink = new CollectingSink();
    CameraSpec plain = camera(url, 5, 640, 480);
    // A threshold no change between two frames of this hall reaches: only keyframes pass.
    CameraSpec gated =
        new CameraSpec(
            plain.id(),
            plain.name(),
            plain.site(),
            null,
            url,
            5,
            640,
            480,
            true,
            Instant.now(),
            new MotionGating(true, 60, 1));
    CameraWorker worker = start(gated, sink);
    await().atMost(Duration.ofSeconds(40)).until(() -> sink.frames().size() >= 6);
    List<CapturedFrame> frames = sink.frames();
    CaptureStatus status = worker.status();
    // 5 frames/s sampled, about 1 sent per second: the others skipped and counted.
    assertThat(status.framesSkipped()).isGreaterThanOrEqualTo(3L * (frames.size() - 1));
    assertThat(status.framesDropped()).isZero();
    for (int i = 1; i < frames.size(); i++) {
      Duration gap = Duration.between(frames.get(i - 1).capturedAt(), frames.get(i).capturedAt());
      // At least one frame per keyframe interval (plus one sampling period and a busy machine).
      assertThat(gap).isBetween(Duration.ofMillis(900), Duration.ofMillis(2000));
    }
  }

  @Test
  void aFileLoopsAtItsEnd() throws Exception {
    try (FfmpegSource source =
        FfmpegSource.open(
            TestVideos.video("vtest.avi").toString(),
            true,
            false,
            Duration.ofSeconds(2),
            640,
            360,
            CLOCK)) {
      int length = source.lengthInFrames();
      assertThat(length).isPositive();
      for (int i = 0; i < length + 20; i++) {
        assertThat(source.next().image()).isNotNull();
      }
    }
  }

  @Test
  void captureDropsTheOldestFramesWhenKafkaDoesNotKeepUp() throws Exception {
    CameraServer server = server(null);
    List<CapturedFrame> neverAcknowledged = new ArrayList<>();
    FrameSink stuck =
        (camera, frame, done) -> {
          synchronized (neverAcknowledged) {
            neverAcknowledged.add(frame);
          }
        };
    CameraWorker worker = start(camera(server.url("/stream.mjpg"), 10, 1280, 720), stuck);
    // 4 in flight (never acknowledged), 4 queued; capture goes on and drops the oldest.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(worker.status().framesDropped()).isGreaterThanOrEqualTo(10));
    assertThat(worker.status().state()).isEqualTo(CaptureState.streaming);
    assertThat(worker.status().framesSent()).isZero();
    synchronized (neverAcknowledged) {
      assertThat(neverAcknowledged).hasSize(4);
    }
  }

  @Test
  void aCameraThatNeverAnswersIsReportedAsStalledAndRetried() throws Exception {
    // Accepts connections and never says a word: no status line, no headers, no picture.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (IOException e) {
                  // closed
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      CollectingSink sink = new CollectingSink();
      CameraWorker worker =
          start(
              camera("http://127.0.0.1:" + silent.getLocalPort() + "/stream.mjpg", 5, 640, 360),
              sink);

      // The read times out (the stall timeout, 2 s here), the camera is reported and retried.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(worker.status().state())
                    .isIn(CaptureState.stalled, CaptureState.connecting);
                assertThat(worker.status().lastError()).contains("stalled");
                assertThat(held).hasSizeGreaterThanOrEqualTo(2);
              });
      assertThat(worker.status().framesSent()).isZero();
      assertThat(sink.frames()).isEmpty();
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void aStreamOfGarbageIsCountedAsDroppedAndNothingIsSent() throws Exception {
    // An MJPEG stream whose parts are random bytes declared as JPEG.
    HttpServer garbage =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    Random random = new Random(10);
    AtomicInteger connections = new AtomicInteger();
    garbage.createContext(
        "/stream.mjpg",
        exchange -> {
          connections.incrementAndGet();
          exchange
              .getResponseHeaders()
              .set("Content-Type", "multipart/x-mixed-replace; boundary=" + CameraServer.BOUNDARY);
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            while (true) {
              byte[] part = new byte[20_000];
              synchronized (random) {
                random.nextBytes(part);
              }
              out.write(
                  ("--"
                          + CameraServer.BOUNDARY
                          + "\r\nContent-Type: image/jpeg\r\nContent-Length: "
                          + part.length
                          + "\r\n\r\n")
                      .getBytes(StandardCharsets.US_ASCII));
              out.write(part);
              out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
              out.flush();
              Thread.sleep(100);
            }
          } catch (IOException | InterruptedException e) {
            // the camera went away
          } finally {
            exchange.close();
          }
        });
    garbage.setExecutor(Executors.newCachedThreadPool());
    garbage.start();
    long droppedBefore = SETTINGS.tally().droppedCount();
    long sentBefore = SETTINGS.tally().sentCount();
    try {
      CollectingSink sink = new CollectingSink();
      CameraWorker worker =
          start(
              camera(
                  "http://127.0.0.1:" + garbage.getAddress().getPort() + "/stream.mjpg",
                  5,
                  640,
                  360),
              sink);

      // Every part is refused and counted; with no usable picture for the stall timeout the
      // stream is given up and reconnected, never reported as streaming.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(worker.status().framesDropped()).isGreaterThanOrEqualTo(5);
                assertThat(connections.get()).isGreaterThanOrEqualTo(2);
              });
      assertThat(worker.status().lastError()).isNotBlank();
      assertThat(worker.status().state()).isNotEqualTo(CaptureState.streaming);
      assertThat(worker.status().framesSent()).isZero();
      assertThat(sink.frames()).isEmpty();
      // The replica's running totals (maskwatch_camera_frames_total) count the same drops.
      long dropped = worker.status().framesDropped();
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(SETTINGS.tally().droppedCount() - droppedBefore)
                      .isGreaterThanOrEqualTo(dropped));
      assertThat(SETTINGS.tally().sentCount()).isEqualTo(sentBefore);
    } finally {
      garbage.stop(0);
    }
  }
}
