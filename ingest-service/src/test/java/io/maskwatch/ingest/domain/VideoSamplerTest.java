package io.maskwatch.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.ingest.TestImages;
import io.maskwatch.ingest.TestVideos;
import io.maskwatch.ingest.domain.UploadRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Video uploads sampled from the real clips of ../shared/data/videos. */
class VideoSamplerTest {

  private static VideoSampler sampler(double fps, int maxFrames) {
    return new VideoSampler(
        new VideoSampler.Settings(fps, maxFrames, 1280, 720, 40_000_000L, 0.85f));
  }

  @Test
  void aVideoIsSampledAtTheRateOfVideoTime() {
    Path video = TestVideos.video("vtest.avi");

    VideoSampler.SampledVideo sampled = sampler(2, 1000).sample(video, "vtest.avi");

    List<VideoSampler.SampledFrame> frames = sampled.frames();
    // vtest.avi: 795 frames at 10 fps (79.5 s) → one frame every 500 ms of video.
    assertThat(sampled.videoFps()).isEqualTo(10.0);
    assertThat(frames).hasSizeBetween(158, 161);
    assertThat(sampled.truncated()).isFalse();
    for (int i = 0; i < frames.size(); i++) {
      assertThat(frames.get(i).index()).isEqualTo(i);
      assertThat(frames.get(i).offsetMs()).isEqualTo(i * 500L);
    }
    VideoSampler.SampledFrame first = frames.get(0);
    assertThat(first.width()).isEqualTo(768);
    assertThat(first.height()).isEqualTo(576);
    BufferedImage decoded = TestImages.decode(first.jpeg());
    assertThat(decoded.getWidth()).isEqualTo(768);
    // Frames differ: people walk through the scene.
    assertThat(frames.get(0).jpeg()).isNotEqualTo(frames.get(20).jpeg());
  }

  @Test
  void aLargeVideoIsScaledAndCutAtTheFrameLimit() {
    Path video = TestVideos.video("syzygy126_test.avi");

    VideoSampler.SampledVideo sampled = sampler(1, 3).sample(video, "syzygy126_test.avi");

    assertThat(sampled.frames()).hasSize(3);
    assertThat(sampled.truncated()).isTrue();
    assertThat(sampled.frames())
        .allSatisfy(
            f -> {
              assertThat(f.width()).isEqualTo(1280);
              assertThat(f.height()).isEqualTo(720);
            });
    // The clip's second frame comes 4.55 s after its first: frames are taken by video time, one
    // per 1 s slot that has one.
    assertThat(sampled.frames().stream().map(VideoSampler.SampledFrame::offsetMs))
        .containsExactly(0L, 4550L, 5000L);
  }

  @Test
  void bytesThatAreNoVideoAreRefused(@TempDir Path dir) throws IOException {
    byte[] noise = new byte[200_000];
    new Random(6).nextBytes(noise);
    Path file = Files.write(dir.resolve("noise.mp4"), noise);

    assertThatThrownBy(() -> sampler(2, 10).sample(file, "noise.mp4"))
        .isInstanceOfSatisfying(
            UploadRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_IMAGE))
        .hasMessageStartingWith("noise.mp4: ");
  }

  @Test
  void anEmptyFileIsRefused(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("empty.avi"), new byte[0]);

    assertThatThrownBy(() -> sampler(2, 10).sample(file, "empty.avi"))
        .isInstanceOf(UploadRejectedException.class)
        .hasMessageContaining("empty.avi");
  }

  @Test
  void aVideoCutOffBeforeItsFirstFrameIsRefused(@TempDir Path dir) throws IOException {
    byte[] whole = Files.readAllBytes(TestVideos.video("vtest.avi"));
    Path file = Files.write(dir.resolve("cut.avi"), Arrays.copyOf(whole, 2048));

    assertThatThrownBy(() -> sampler(2, 10).sample(file, "cut.avi"))
        .isInstanceOf(UploadRejectedException.class)
        .hasMessageContaining("cut.avi");
  }

  @Test
  void aVideoLargerThanThePixelLimitIsRefusedBeforeDecoding() {
    Path video = TestVideos.video("syzygy126_test.avi");
    VideoSampler small =
        new VideoSampler(new VideoSampler.Settings(2, 10, 1280, 720, 1_000_000L, 0.85f));

    assertThatThrownBy(() -> small.sample(video, "big.avi"))
        .isInstanceOf(UploadRejectedException.class)
        .hasMessageContaining("2880x1620")
        .hasMessageContaining("1000000 pixels");
  }
}
