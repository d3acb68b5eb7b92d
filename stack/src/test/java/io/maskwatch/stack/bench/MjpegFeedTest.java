package io.maskwatch.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's simulated cameras speak MJPEG as IP cameras do, one fixed view per camera. */
class MjpegFeedTest {

  private static final byte[] VIEW_A = {
    (byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9
  };
  private static final byte[] VIEW_B = {(byte) 0xFF, (byte) 0xD8, 9, (byte) 0xFF, (byte) 0xD9};

  @Test
  void eachCameraStreamsItsOwnViewAsMultipartJpegParts() throws Exception {
    try (MjpegFeed feed = MjpegFeed.start(List.of(VIEW_A, VIEW_B), 20)) {
      String first = read(feed.url(0), 3);
      String second = read(feed.url(1), 1);

      assertThat(first.split("--maskwatchframe\r\n", -1)).hasSizeGreaterThanOrEqualTo(3);
      assertThat(first).contains("Content-Type: image/jpeg\r\nContent-Length: 7\r\n\r\n");
      assertThat(second).contains("Content-Length: 5\r\n\r\n");
      assertThat(feed.framesServed()).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void theProcessUsageOfThisJvmIsReadFromProc() {
    long pid = ProcessHandle.current().pid();
    ProcessUsage.Reading reading = ProcessUsage.read(Map.of("me", List.of(pid)));

    double[] me = reading.byName().get("me");
    assertThat(me[0]).as("CPU seconds").isPositive();
    assertThat(me[1]).as("resident MB").isGreaterThan(10);
  }

  /** The first {@code parts} parts of a stream, as text (the JPEG bytes stand in as they are). */
  private static String read(String url, int parts) throws Exception {
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("multipart/x-mixed-replace; boundary=maskwatchframe");
    StringBuilder text = new StringBuilder();
    try (InputStream in = response.body()) {
      int seen = 0;
      while (seen <= parts) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        text.append((char) b);
        if (text.toString().endsWith("--maskwatchframe\r\n")) {
          seen++;
        }
      }
    }
    return new String(
        text.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
  }
}
