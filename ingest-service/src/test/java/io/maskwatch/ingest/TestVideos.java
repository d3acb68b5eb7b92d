package io.maskwatch.ingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maskwatch.ingest.camera.FrameEncoder;
import io.maskwatch.ingest.camera.source.FfmpegSource;
import io.maskwatch.ingest.camera.source.Picture;
import io.maskwatch.vision.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real videos from ../shared/data/videos (tests are skipped with a message when absent), and real
 * frames of them as JPEG, for the test camera servers.
 */
public final class TestVideos {

  private static final Map<String, List<byte[]>> FRAMES = new ConcurrentHashMap<>();

  private TestVideos() {}

  /** A video of ../shared/data/videos ("vtest.avi", "syzygy126_test.avi"). */
  public static Path video(String name) {
    Path video = SharedData.root().resolve("data/videos").resolve(name);
    assumeTrue(Files.isReadable(video), "shared video " + video + " not found: skipping");
    return video;
  }

  /** The first {@code count} frames of a video as JPEG (decoded by FFmpeg, encoded here). */
  public static List<byte[]> jpegFrames(String name, int count) {
    return FRAMES.computeIfAbsent(name + "#" + count, key -> decode(video(name), count));
  }

  private static List<byte[]> decode(Path video, int count) {
    FrameEncoder encoder = new FrameEncoder(0.85f);
    List<byte[]> frames = new ArrayList<>();
    try (FfmpegSource source =
        FfmpegSource.open(
            video.toString(), true, false, Duration.ofSeconds(5), 4096, 4096, Clock.systemUTC())) {
      while (frames.size() < count) {
        Picture picture = source.next();
        frames.add(encoder.encode(picture, 4096, 4096).jpeg());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return List.copyOf(frames);
  }
}
