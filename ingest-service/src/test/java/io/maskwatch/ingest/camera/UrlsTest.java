package io.maskwatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {

  @Test
  void redactsUserInfoAndSecretParameters() {
    assertThat(Urls.redact("rtsp://admin:s3cret@10.0.0.5:554/stream1"))
        .isEqualTo("rtsp://***@10.0.0.5:554/stream1");
    assertThat(Urls.redact("http://viewer@cam.local/snap.jpg"))
        .isEqualTo("http://***@cam.local/snap.jpg");
    assertThat(Urls.redact("https://cam.local/snap.jpg?user=a&password=p%40ss&x=1"))
        .isEqualTo("https://cam.local/snap.jpg?user=a&password=***&x=1");
    assertThat(Urls.redact("http://cam.local/video.mjpg?token=abc"))
        .isEqualTo("http://cam.local/video.mjpg?token=***");
    assertThat(Urls.redact("file:///videos/a.avi")).isEqualTo("file:///videos/a.avi");
  }

  @Test
  void scrubsMessagesThatQuoteTheUrlOrItsPassword() {
    String url = "rtsp://admin:p%40ss-word@10.0.0.5/live";
    assertThat(Urls.scrub("Could not open input \"" + url + "\" (-111)", url))
        .isEqualTo("Could not open input \"rtsp://***@10.0.0.5/live\" (-111)")
        .doesNotContain("p%40ss-word");
    assertThat(Urls.scrub("auth failed for admin with password p@ss-word", url))
        .doesNotContain("p@ss-word");
  }

  @Test
  void schemeInLowerCase() {
    assertThat(Urls.scheme("RTSP://cam/1")).isEqualTo("rtsp");
    assertThat(Urls.scheme("/videos/a.avi")).isEmpty();
    assertThat(Urls.scheme("c:/x")).isEqualTo("c");
  }
}
