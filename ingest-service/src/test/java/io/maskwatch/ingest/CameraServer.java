package io.maskwatch.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A camera in the test: a JDK HTTP server with an MJPEG stream ({@code /stream.mjpg}, multipart
 * parts at {@code streamFps}) and a snapshot URL ({@code /snapshot.jpg}), serving real frames in
 * turn. It can be stopped and started again on the same port; with credentials set it wants Basic
 * authorization.
 */
public final class CameraServer implements AutoCloseable {

  public static final String BOUNDARY = "maskwatchframe";

  private final List<byte[]> frames;
  private final double streamFps;
  private final String credentials;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger snapshotsServed = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean frozen;
  private int port;
  private HttpServer server;
  private ExecutorService executor;

  /**
   * @param credentials "user:password" the server wants, or null for none
   */
  public CameraServer(List<byte[]> frames, double streamFps, String credentials) {
    this.frames = frames;
    this.streamFps = streamFps;
    this.credentials = credentials;
  }

  public synchronized CameraServer start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    port = server.getAddress().getPort();
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/snapshot.jpg", this::snapshot);
    server.createContext("/stream.mjpg", this::stream);
    server.start();
    return this;
  }

  /** Stops serving and drops open streams. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  /** While frozen, open streams send nothing (a stalled camera) and snapshots hang. */
  public void freeze(boolean frozen) {
    this.frozen = frozen;
  }

  public int port() {
    return port;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** The URL with user info, for a server with credentials. */
  public String urlWithCredentials(String path) {
    return "http://" + credentials + "@127.0.0.1:" + port + path;
  }

  public int snapshotsServed() {
    return snapshotsServed.get();
  }

  /** Stream connections accepted (a reconnect counts again). */
  public int streamConnections() {
    return connections.get();
  }

  private boolean authorized(HttpExchange exchange) throws IOException {
    if (credentials == null) {
      return true;
    }
    String expected =
        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    if (expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return true;
    }
    exchange.sendResponseHeaders(401, -1);
    exchange.close();
    return false;
  }

  private byte[] nextFrame() {
    return frames.get(Math.floorMod(next.getAndIncrement(), frames.size()));
  }

  private void snapshot(HttpExchange exchange) throws IOException {
    if (!authorized(exchange)) {
      return;
    }
    byte[] frame = nextFrame();
    exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
    exchange.sendResponseHeaders(200, frame.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(frame);
    }
    snapshotsServed.incrementAndGet();
  }

  private void stream(HttpExchange exchange) throws IOException {
    if (!authorized(exchange)) {
      return;
    }
    connections.incrementAndGet();
    exchange
        .getResponseHeaders()
        .set("Content-Type", "multipart/x-mixed-replace; boundary=" + BOUNDARY);
    exchange.sendResponseHeaders(200, 0);
    long period = (long) (1000 / streamFps);
    try (OutputStream out = exchange.getResponseBody()) {
      boolean withLength = true;
      while (!Thread.currentThread().isInterrupted()) {
        if (frozen) {
          Thread.sleep(100);
          continue;
        }
        byte[] frame = nextFrame();
        // Alternate parts with and without Content-Length, as cameras differ.
        String headers =
            "--"
                + BOUNDARY
                + "\r\nContent-Type: image/jpeg\r\n"
                + (withLength ? "Content-Length: " + frame.length + "\r\n" : "")
                + "\r\n";
        out.write(headers.getBytes(StandardCharsets.US_ASCII));
        out.write(frame);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        withLength = !withLength;
        Thread.sleep(period);
      }
    } catch (IOException | InterruptedException e) {
      // the client went away or the server stops
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
