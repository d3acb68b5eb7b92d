package io.maskwatch.stack.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Simulated IP cameras: an HTTP server on loopback where {@code /cam/<n>} is an endless MJPEG
 * stream ({@code multipart/x-mixed-replace}) of one fixed view, {@code views.get(n % size)}, at
 * {@code fps} frames per second, as many cheap IP cameras serve it. ingest-service pulls them
 * through its own MJPEG source, so the benchmark drives the same path a real camera does.
 */
public final class MjpegFeed implements AutoCloseable {

  private static final String BOUNDARY = "maskwatchframe";

  private final HttpServer server;
  private final ExecutorService streams = Executors.newCachedThreadPool();
  private final List<byte[]> views;
  private final double fps;
  private final AtomicLong framesServed = new AtomicLong();

  private MjpegFeed(HttpServer server, List<byte[]> views, double fps) {
    this.server = server;
    this.views = List.copyOf(views);
    this.fps = fps;
  }

  /** Starts serving on a free loopback port. */
  public static MjpegFeed start(List<byte[]> views, double fps) throws IOException {
    if (views.isEmpty()) {
      throw new IllegalArgumentException("no JPEG views to serve");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    MjpegFeed feed = new MjpegFeed(server, views, fps);
    server.createContext("/cam/", feed::stream);
    server.setExecutor(feed.streams);
    server.start();
    return feed;
  }

  /** The stream URL of camera {@code n}. */
  public String url(int n) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/cam/" + n;
  }

  public long framesServed() {
    return framesServed.get();
  }

  private void stream(HttpExchange exchange) throws IOException {
    int n;
    try {
      n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/cam/".length()));
    } catch (NumberFormatException e) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    byte[] jpeg = views.get(Math.floorMod(n, views.size()));
    exchange
        .getResponseHeaders()
        .set("Content-Type", "multipart/x-mixed-replace; boundary=" + BOUNDARY);
    exchange.sendResponseHeaders(200, 0);
    long period = (long) (1e9 / fps);
    long next = System.nanoTime();
    try (OutputStream out = exchange.getResponseBody()) {
      while (!Thread.currentThread().isInterrupted()) {
        String head =
            "--"
                + BOUNDARY
                + "\r\nContent-Type: image/jpeg\r\nContent-Length: "
                + jpeg.length
                + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(jpeg);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        framesServed.incrementAndGet();
        next += period;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        } else {
          next = System.nanoTime();
        }
      }
    } catch (IOException e) {
      // the camera was deleted or ingest reconnects: this stream ends
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    streams.shutdownNow();
  }
}
