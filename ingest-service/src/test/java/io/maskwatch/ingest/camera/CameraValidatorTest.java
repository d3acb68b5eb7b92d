package io.maskwatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CameraValidatorTest {

  private final CameraValidator validator = new CameraValidator(0.1, 30);
  private final Instant now = Instant.parse("2026-11-22T09:00:00Z");

  private CameraSpec valid(String url, Double fps) {
    return validator.validate("lobby-1", "Lobby", "hq", null, url, fps, null, null, null, now);
  }

  @Test
  void fillsDefaults() {
    CameraSpec camera = valid("rtsp://cam.local/live", null);
    assertThat(camera.sampleFps()).isEqualTo(2.0);
    assertThat(camera.maxWidth()).isEqualTo(1280);
    assertThat(camera.maxHeight()).isEqualTo(720);
    assertThat(camera.enabled()).isTrue();
    assertThat(camera.zone()).isNull();
    assertThat(camera.updatedAt()).isEqualTo(now);
  }

  @Test
  void acceptsEverySupportedScheme() {
    for (String url :
        new String[] {
          "rtsp://cam/1",
          "rtsps://cam/1",
          "http://cam/snap.jpg",
          "https://cam/video.mjpg",
          "file:///videos/a.avi"
        }) {
      assertThat(valid(url, 1.0).url()).isEqualTo(url);
    }
  }

  @Test
  void rejectsBadSchemesNamingTheUrlField() {
    for (String url : new String[] {"ftp://cam/1", "/videos/a.avi", "javascript:alert(1)", ""}) {
      assertThatThrownBy(() -> valid(url, 1.0))
          .isInstanceOf(CameraRejectedException.class)
          .extracting(e -> ((CameraRejectedException) e).field())
          .isEqualTo("url");
    }
    assertThatThrownBy(() -> valid("file:relative.avi", 1.0)).hasMessageContaining("absolute path");
    assertThatThrownBy(() -> valid("http:///nohost", 1.0)).hasMessageContaining("host");
  }

  @Test
  void rejectsRatesOutOfRange() {
    for (double fps : new double[] {0, 0.05, 31, -1, Double.NaN}) {
      assertThatThrownBy(() -> valid("rtsp://cam/1", fps))
          .isInstanceOf(CameraRejectedException.class)
          .hasMessageContaining("sampleFps")
          .extracting(e -> ((CameraRejectedException) e).field())
          .isEqualTo("sampleFps");
    }
  }

  @Test
  void rejectsBadIdsSizesAndMissingSite() {
    assertThatThrownBy(
            () ->
                validator.validate(
                    "Lobby_1", "L", "hq", null, "rtsp://c/1", null, null, null, null, now))
        .extracting(e -> ((CameraRejectedException) e).field())
        .isEqualTo("id");
    assertThatThrownBy(
            () ->
                validator.validate(
                    "upload", "L", "hq", null, "rtsp://c/1", null, null, null, null, now))
        .hasMessageContaining("reserved");
    assertThatThrownBy(
            () ->
                validator.validate("a", "L", null, null, "rtsp://c/1", null, null, null, null, now))
        .extracting(e -> ((CameraRejectedException) e).field())
        .isEqualTo("site");
    assertThatThrownBy(
            () -> validator.validate("a", "L", "hq", null, "rtsp://c/1", null, 10, null, null, now))
        .extracting(e -> ((CameraRejectedException) e).field())
        .isEqualTo("maxWidth");
  }

  @Test
  void credentialsNeverInToStringNorInUrlErrors() {
    CameraSpec camera = valid("rtsp://admin:hunter22@cam.local/live", 2.0);
    assertThat(camera.toString()).doesNotContain("hunter22").contains("rtsp://***@cam.local/live");
    assertThat(camera.hasCredentials()).isTrue();
    assertThatThrownBy(() -> valid("rtsp://admin:hunter22@cam local/live", 2.0))
        .isInstanceOf(CameraRejectedException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter22"));
  }
}
