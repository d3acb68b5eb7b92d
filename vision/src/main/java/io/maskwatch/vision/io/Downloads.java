package io.maskwatch.vision.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Model files fetched over HTTPS and checked: the one download loop the model caches share. */
public final class Downloads {

  private static final Logger LOG = LoggerFactory.getLogger(Downloads.class);

  /** Progress is logged every this many bytes. */
  private static final long PROGRESS_STEP = 32L << 20;

  private Downloads() {}

  /**
   * Streams {@code uri} into {@code target} (following redirects) and returns the digest of what
   * was written.
   *
   * @param algorithm a {@link MessageDigest} name, {@code SHA-256} or {@code SHA-512}
   * @param label names the download in progress lines
   * @throws IOException when the host cannot be reached or answers anything but 200
   */
  public static byte[] download(
      URI uri, Path target, String algorithm, String label, Duration connectTimeout)
      throws IOException {
    HttpClient client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(connectTimeout)
            .build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while downloading " + uri, e);
    }
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
    }
    long total = response.headers().firstValueAsLong("content-length").orElse(-1);
    MessageDigest digest = digest(algorithm);
    try (InputStream in = new DigestInputStream(response.body(), digest);
        OutputStream out = Files.newOutputStream(target)) {
      byte[] buf = new byte[1 << 16];
      long done = 0;
      long lastShown = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        done += n;
        if (done - lastShown >= PROGRESS_STEP) {
          lastShown = done;
          LOG.info(
              "{}: {} / {} MB",
              label,
              String.format(Locale.ROOT, "%.0f", done / 1e6),
              total > 0 ? String.format(Locale.ROOT, "%.0f", total / 1e6) : "?");
        }
      }
    }
    return digest.digest();
  }

  /** The digest of a file's bytes. */
  public static byte[] digestOf(Path file, String algorithm) throws IOException {
    MessageDigest digest = digest(algorithm);
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return digest.digest();
  }

  /** The SHA-256 of a file as lower-case hex, as {@code sha256sum} prints it. */
  public static String sha256Hex(Path file) throws IOException {
    return HexFormat.of().formatHex(digestOf(file, "SHA-256"));
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("No " + algorithm + " in this JVM", e);
    }
  }
}
