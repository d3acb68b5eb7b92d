package io.maskwatch.ingest.camera.source;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** HTTP GETs to cameras: credentials in the URL's user info are sent as Basic authorization. */
final class Http {

  private Http() {}

  /**
   * An open GET whose response status was 200; the caller disconnects it.
   *
   * @throws IOException for a refused connection, a timeout or another status (no URL in it)
   */
  static HttpURLConnection get(String url, Duration connectTimeout, Duration readTimeout)
      throws IOException {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IOException("not a valid URI");
    }
    String userInfo = uri.getRawUserInfo();
    URI target;
    try {
      target =
          new URI(
              uri.getScheme(),
              null,
              uri.getHost(),
              uri.getPort(),
              uri.getPath(),
              uri.getQuery(),
              null);
    } catch (URISyntaxException e) {
      throw new IOException("not a valid URI");
    }
    HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
    connection.setConnectTimeout((int) connectTimeout.toMillis());
    connection.setReadTimeout((int) readTimeout.toMillis());
    connection.setInstanceFollowRedirects(true);
    connection.setUseCaches(false);
    if (userInfo != null) {
      String decoded = URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
      connection.setRequestProperty(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8)));
    }
    try {
      int status = connection.getResponseCode();
      if (status != HttpURLConnection.HTTP_OK) {
        throw new IOException("HTTP " + status + " from the camera");
      }
      return connection;
    } catch (IOException e) {
      connection.disconnect();
      throw e;
    }
  }
}
