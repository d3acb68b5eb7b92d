package io.maskwatch.alert.rest;

import io.maskwatch.alert.config.AlertConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Forwards the dashboard's camera changes and uploads to ingest-service, which owns the camera
 * registry and the uploads, and passes its answer (status, body, type) back unchanged. 502 with a
 * JSON error when ingest-service cannot be reached.
 */
@ApplicationScoped
public class IngestClient {

  private static final Logger LOG = Logger.getLogger(IngestClient.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  public IngestClient(AlertConfig config) {
    this.baseUrl = config.ingestUrl().replaceAll("/+$", "");
  }

  /**
   * @param path below the base URL, starting with {@code /}, already encoded
   * @param contentType of the body, or null without one
   */
  public Response forward(String method, String path, String contentType, byte[] body) {
    return forward(method, path, contentType, body, null);
  }

  /** As above, passing the upload's file name ({@code X-File-Name}) along when there is one. */
  public Response forward(
      String method, String path, String contentType, byte[] body, String fileName) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(TIMEOUT)
            .header("Accept", MediaType.APPLICATION_JSON);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (fileName != null && !fileName.isBlank()) {
      request.header("X-File-Name", fileName);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> answer;
    try {
      answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      LOG.warnf("ingest-service at %s did not answer %s %s: %s", baseUrl, method, path, e);
      return unreachable(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unreachable("interrupted");
    }
    Response.ResponseBuilder out = Response.status(answer.statusCode());
    answer.headers().firstValue("Content-Type").ifPresent(type -> out.type(type));
    // ingest's own address stays inside: the path is the same here.
    answer
        .headers()
        .firstValue("Location")
        .ifPresent(location -> out.header("Location", URI.create(location).getRawPath()));
    if (answer.body().length > 0) {
      out.entity(answer.body());
    }
    return out.build();
  }

  private Response unreachable(String why) {
    return Response.status(Response.Status.BAD_GATEWAY)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(502, "ingest-service at " + baseUrl + " did not answer: " + why))
        .build();
  }
}
