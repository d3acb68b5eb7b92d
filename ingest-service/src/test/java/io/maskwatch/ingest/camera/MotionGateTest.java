package io.maskwatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.ingest.TestImages;
import io.maskwatch.ingest.TestVideos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/** Motion gating on real frames of vtest.avi (10 frames/s of people walking in a hall). */
class MotionGateTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private static List<byte[]> frames() {
    return TestVideos.jpegFrames("vtest.avi", 60);
  }

  private static double difference(byte[] a, byte[] b) {
    Mat x = MotionGate.thumbnail(a);
    Mat y = MotionGate.thumbnail(b);
    try {
      return MotionGate.difference(x, y);
    } finally {
      x.release();
      y.release();
    }
  }

  /** The same picture encoded again (another JPEG quality): a perfectly still scene. */
  private static byte[] reencoded(byte[] jpeg) throws IOException {
    BufferedImage image = TestImages.decode(jpeg);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return new FrameEncoder(0.6f)
        .encode(
            io.maskwatch.ingest.camera.source.Picture.ofImage(
                () -> TestImages.decode(out.toByteArray()), java.time.Instant.EPOCH),
            4096,
            4096)
        .jpeg();
  }

  @Test
  void aStillSceneBarelyDiffersAndAChangedOneDoes() throws IOException {
    List<byte[]> frames = frames();
    double still = difference(frames.get(0), reencoded(frames.get(0)));
    double consecutive = difference(frames.get(0), frames.get(1)); // 0.1 s apart
    double changed = difference(frames.get(0), frames.get(50)); // 5 s apart

    assertThat(still).isLessThan(0.5);
    assertThat(consecutive).isBetween(still, MotionGating.DEFAULT_THRESHOLD);
    assertThat(changed).isGreaterThan(2 * MotionGating.DEFAULT_THRESHOLD);
  }

  @Test
  void unchangedFramesAreSkippedUntilTheSceneChangesOrAKeyframeIsDue() throws IOException {
    List<byte[]> frames = frames();
    try (MotionGate gate = new MotionGate(new MotionGating(true, 2.0, 10))) {
      assertThat(gate.admit(frames.get(0), 0)).as("the first frame").isTrue();
      assertThat(gate.admit(reencoded(frames.get(0)), SECOND)).as("the same scene").isFalse();
      assertThat(gate.admit(frames.get(1), 2 * SECOND)).as("0.1 s later").isFalse();
      // Compared with the last frame SENT, not the last seen: slow change adds up.
      assertThat(gate.admit(frames.get(50), 3 * SECOND)).as("5 s of walking later").isTrue();
      assertThat(gate.admit(frames.get(51), 4 * SECOND)).isFalse();
      assertThat(gate.admit(frames.get(51), 13 * SECOND - 1)).isFalse();
      assertThat(gate.admit(frames.get(51), 13 * SECOND)).as("keyframe, 10 s after").isTrue();
      assertThat(gate.admit(frames.get(51), 14 * SECOND)).isFalse();
    }
  }

  @Test
  void bytesThatDoNotDecodeAreLetThrough() {
    try (MotionGate gate = new MotionGate(new MotionGating(true, 2.0, 10))) {
      assertThat(gate.admit(frames().get(0), 0)).isTrue();
      assertThat(gate.admit(new byte[] {1, 2, 3}, SECOND)).isTrue();
    }
  }
}
