package io.maskwatch.stack.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Talks to a running maskwatch over its REST APIs: uploads to ingest, results from alert.
 * alert-service wants a login: its requests carry HTTP Basic credentials and the CSRF header {@code
 * X-Requested-With: maskwatch}; ingest-service's get neither.
 */
public final class MaskwatchClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The CSRF header alert-service wants on every change (and accepts on every request). */
  public static final String CSRF_HEADER = "X-Requested-With";

  public static final String CSRF_VALUE = "maskwatch";

  private final URI ingest;
  private final URI alert;
  private final String authorization;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /** Without a login: enough for ingest-service, not for alert-service's API. */
  public MaskwatchClient(URI ingest, URI alert) {
    this(ingest, alert, null, null);
  }

  /** Logged in to alert-service as {@code user} (HTTP Basic). */
  public MaskwatchClient(URI ingest, URI alert, String user, String password) {
    this.ingest = ingest;
    this.alert = alert;
    this.authorization =
        user == null || password == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** An accepted upload. */
  public record Upload(String uploadId, String frameId) {}

  /** True when the ingest service answers its readiness check. */
  public boolean ingestReady() {
    try {
      return send(get(ingest.resolve("/q/health/ready")), HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (ClientException e) {
      return false;
    }
  }

  /** Uploads a JPEG or PNG photo. */
  public Upload upload(Path photo) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(photo);
    } catch (IOException e) {
      throw new ClientException("cannot read " + photo + ": " + e.getMessage(), e);
    }
    return upload(bytes, contentType(photo), photo.getFileName().toString());
  }

  public Upload upload(byte[] bytes, String contentType, String fileName) {
    HttpRequest request =
        HttpRequest.newBuilder(ingest.resolve("/api/uploads"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .header("X-File-Name", fileName)
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode body = parse(response.body());
    if (response.statusCode() != 202 && response.statusCode() != 200) {
      throw new ClientException(
          "upload of " + fileName + " refused: HTTP " + response.statusCode() + " " + error(body));
    }
    return new Upload(body.path("uploadId").asText(), body.path("frameId").asText());
  }

  /** The upload's state: {@code status} is {@code pending} or {@code done}; empty if unknown. */
  public Optional<JsonNode> result(String uploadId) {
    return getIfPresent(ingest.resolve("/api/uploads/" + uploadId), "upload " + uploadId);
  }

  /** Polls until the upload is done. */
  public JsonNode awaitResult(String uploadId, Duration timeout) {
    return await(
        () -> result(uploadId).filter(r -> "done".equals(r.path("status").asText())),
        timeout,
        "no verdicts for upload " + uploadId);
  }

  /** Alerts of a camera, newest first. */
  public JsonNode alerts(String cameraId, int limit) {
    URI uri =
        alert.resolve(
            "/api/alerts?cameraId="
                + URLEncoder.encode(cameraId, StandardCharsets.UTF_8)
                + "&limit="
                + limit);
    HttpResponse<String> response = send(get(uri), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new ClientException(
          "GET alerts: HTTP " + response.statusCode() + " " + response.body());
    }
    return parse(response.body());
  }

  /** The frame as alert-service stored it, once it has; empty while it has not. */
  public Optional<JsonNode> frame(String frameId) {
    return getIfPresent(alert.resolve("/api/frames/" + frameId), "frame " + frameId);
  }

  /** Waits until alert-service has stored the frame, then returns it. */
  public JsonNode awaitFrame(String frameId, Duration timeout) {
    return await(() -> frame(frameId), timeout, "alert-service has not stored frame " + frameId);
  }

  /** The annotated PNG of a stored frame. */
  public byte[] annotatedPng(String frameId) {
    HttpResponse<byte[]> response =
        send(
            get(alert.resolve("/api/frames/" + frameId + "/annotated.png")),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new ClientException(
          "GET annotated frame "
              + frameId
              + ": HTTP "
              + response.statusCode()
              + " "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  /** image/png for .png files, image/jpeg for everything else (the service checks the bytes). */
  public static String contentType(Path photo) {
    String name = photo.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".png") ? "image/png" : "image/jpeg";
  }

  /** GET of a JSON resource: empty on 404, the body on 200, an error otherwise. */
  private Optional<JsonNode> getIfPresent(URI uri, String what) {
    HttpResponse<String> response = send(get(uri), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new ClientException(
          "GET " + what + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return Optional.of(parse(response.body()));
  }

  /** Polls {@code probe} every 50 ms until it gives a value or {@code timeout} has passed. */
  private static JsonNode await(
      Supplier<Optional<JsonNode>> probe, Duration timeout, String failure) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<JsonNode> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      pause(50);
    }
    throw new ClientException(failure + " within " + timeout);
  }

  private HttpRequest get(URI uri) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15));
    if (sameOrigin(uri, alert)) {
      request.header(CSRF_HEADER, CSRF_VALUE);
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
    }
    return request.GET().build();
  }

  private static boolean sameOrigin(URI uri, URI base) {
    return base != null
        && java.util.Objects.equals(uri.getScheme(), base.getScheme())
        && java.util.Objects.equals(uri.getHost(), base.getHost())
        && uri.getPort() == base.getPort();
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      HttpResponse<T> response = http.send(request, handler);
      if (response.statusCode() == 401 && sameOrigin(request.uri(), alert)) {
        throw new ClientException(
            authorization == null
                ? "alert-service at "
                    + alert
                    + " wants a login: the password `./maskwatch up` printed (also in"
                    + " runs/data/dashboard-admin-password), or --password"
                : "alert-service at " + alert + " refused the login (wrong user or password)");
      }
      return response;
    } catch (IOException e) {
      throw new ClientException(
          "cannot reach " + request.uri().resolve("/") + " (is `./maskwatch up` running?): " + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted", e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("error", body);
    }
  }

  private static String error(JsonNode body) {
    return body.has("error") ? body.get("error").asText() : body.toString();
  }

  /** Sleeps; an interrupt ends the wait with a {@link ClientException}. */
  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted", e);
    }
  }
}
