package io.maskwatch.alert.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for ingest-service's camera and upload API (same paths, codes and
 * body shapes), recording every request it gets. Sets {@code maskwatch.alert.ingest-url}.
 */
public class FakeIngest implements QuarkusTestResourceLifecycleManager {

  /** One request as ingest-service got it. */
  public record Received(
      String method, String path, Map<String, List<String>> headers, byte[] body) {

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .map(entry -> entry.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
  private HttpServer server;

  /** The requests received so far, oldest first. */
  public static List<Received> received() {
    return List.copyOf(RECEIVED);
  }

  public static Received last() {
    return RECEIVED.get(RECEIVED.size() - 1);
  }

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", FakeIngest::handle);
    server.start();
    return Map.of(
        "maskwatch.alert.ingest-url", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    RECEIVED.add(new Received(method, path, Map.copyOf(exchange.getRequestHeaders()), body));
    String text = new String(body, StandardCharsets.UTF_8);
    if (method.equals("POST") && path.equals("/api/cameras")) {
      if (!text.contains("\"url\"")) {
        answer(exchange, 400, "{\"status\":400,\"error\":\"url is required\"}");
        return;
      }
      exchange.getResponseHeaders().add("Location", "http://ingest.internal:8081/api/cameras/c1");
      answer(exchange, 201, text);
    } else if (method.equals("PUT") && path.startsWith("/api/cameras/")) {
      answer(exchange, 200, text);
    } else if (method.equals("DELETE") && path.equals("/api/cameras/missing")) {
      answer(exchange, 404, "{\"status\":404,\"error\":\"no camera missing\"}");
    } else if (method.equals("DELETE") && path.startsWith("/api/cameras/")) {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    } else if (method.equals("POST") && path.equals("/api/uploads")) {
      answer(exchange, 202, "{\"uploadId\":\"u-1\",\"frameId\":\"f-1\"}");
    } else if (method.equals("GET") && path.equals("/api/uploads/u-1")) {
      answer(exchange, 200, "{\"uploadId\":\"u-1\",\"frameId\":\"f-1\",\"status\":\"pending\"}");
    } else {
      answer(exchange, 404, "{\"status\":404,\"error\":\"not found\"}");
    }
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
