package io.maskwatch.ingest.domain;

import io.maskwatch.ingest.camera.FrameEncoder;
import io.maskwatch.ingest.camera.source.Picture;
import io.maskwatch.ingest.domain.UploadRejectedException.Reason;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Decodes an uploaded video (FFmpeg through JavaCV) and takes frames from it at a fixed rate of
 * video time, up to a maximum count, each scaled to fit a maximum size and JPEG-encoded. The whole
 * video is decoded before anything is published, so a video that cannot be read is refused whole.
 */
public final class VideoSampler {

  static {
    // FFmpeg's own log is noise here; failures surface as exceptions.
    avutil.av_log_set_level(avutil.AV_LOG_QUIET);
  }

  /**
   * @param fps frames taken per second of video
   * @param maxFrames at most this many frames are taken (the rest of the video is not read)
   * @param maxPixels a video larger than this (width × height) is refused before decoding
   */
  public record Settings(
      double fps, int maxFrames, int maxWidth, int maxHeight, long maxPixels, float jpegQuality) {

    public Settings {
      if (!(fps > 0) || maxFrames <= 0 || maxWidth <= 0 || maxHeight <= 0 || maxPixels <= 0) {
        throw new IllegalArgumentException("video sampling settings must be positive");
      }
    }
  }

  /**
   * One frame taken from the video.
   *
   * @param index its place among the frames taken (0, 1, ...)
   * @param offsetMs its presentation time from the video's first frame
   */
  public record SampledFrame(int index, long offsetMs, int width, int height, byte[] jpeg) {}

  /** The frames taken, and whether the video went on past {@link Settings#maxFrames()}. */
  public record SampledVideo(List<SampledFrame> frames, boolean truncated, double videoFps) {

    public SampledVideo {
      frames = List.copyOf(frames);
    }
  }

  private final Settings settings;
  private final FrameEncoder encoder;

  public VideoSampler(Settings settings) {
    this.settings = settings;
    this.encoder = new FrameEncoder(settings.jpegQuality());
  }

  public Settings settings() {
    return settings;
  }

  /**
   * @param file the video
   * @param name names it in messages (its file name, or "upload")
   * @throws UploadRejectedException (INVALID_IMAGE) for a file FFmpeg cannot open, one without a
   *     video stream or without a frame that decodes, one too large, or one that fails mid-way
   */
  public SampledVideo sample(Path file, String name) {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    try (Java2DFrameConverter converter = new Java2DFrameConverter()) {
      try {
        grabber.start();
      } catch (FrameGrabber.Exception e) {
        throw invalid(name + ": not a video FFmpeg can read (" + e.getMessage() + ")", e);
      }
      int width = grabber.getImageWidth();
      int height = grabber.getImageHeight();
      if (width <= 0 || height <= 0) {
        throw invalid(name + ": the file has no video stream", null);
      }
      if ((long) width * height > settings.maxPixels()) {
        throw invalid(
            name
                + ": the video is "
                + width
                + "x"
                + height
                + ", more than the limit of "
                + settings.maxPixels()
                + " pixels",
            null);
      }
      double scale =
          Math.min((double) settings.maxWidth() / width, (double) settings.maxHeight() / height);
      if (scale < 1) {
        grabber.setImageWidth(Math.max(1, (int) Math.round(width * scale)));
        grabber.setImageHeight(Math.max(1, (int) Math.round(height * scale)));
      }
      return read(grabber, converter, name);
    } finally {
      try {
        grabber.release();
      } catch (FrameGrabber.Exception e) {
        // closing anyway
      }
    }
  }

  private SampledVideo read(
      FFmpegFrameGrabber grabber, Java2DFrameConverter converter, String name) {
    long periodMicros = Math.max(1, Math.round(1_000_000 / settings.fps()));
    List<SampledFrame> frames = new ArrayList<>();
    long firstMicros = -1;
    long nextDue = 0;
    int decoded = 0;
    boolean truncated = false;
    while (true) {
      Frame frame;
      try {
        frame = grabber.grabImage();
      } catch (FrameGrabber.Exception e) {
        throw invalid(
            name
                + ": the video could not be decoded after "
                + decoded
                + " frame(s) ("
                + e.getMessage()
                + ")",
            e);
      }
      if (frame == null) {
        break;
      }
      if (frame.image == null) {
        continue;
      }
      decoded++;
      long micros = Math.max(0, grabber.getTimestamp());
      if (firstMicros < 0) {
        firstMicros = micros;
      }
      long offset = micros - firstMicros;
      if (offset < nextDue) {
        continue;
      }
      if (frames.size() >= settings.maxFrames()) {
        truncated = true;
        break;
      }
      // The next frame is due one period after this one's slot (not after this frame), so the
      // average rate is kept whatever the video's own rate.
      nextDue = Math.max(nextDue + periodMicros, offset - offset % periodMicros + periodMicros);
      FrameEncoder.Encoded encoded;
      try {
        encoded =
            encoder.encode(
                Picture.ofImage(() -> converter.getBufferedImage(frame), Instant.EPOCH),
                settings.maxWidth(),
                settings.maxHeight());
      } catch (IOException | RuntimeException e) {
        throw invalid(
            name + ": frame at " + offset / 1000 + " ms could not be encoded (" + e + ")", e);
      }
      frames.add(
          new SampledFrame(
              frames.size(), offset / 1000, encoded.width(), encoded.height(), encoded.jpeg()));
    }
    if (frames.isEmpty()) {
      throw invalid(name + ": the video has no frame that decodes", null);
    }
    return new SampledVideo(frames, truncated, grabber.getFrameRate());
  }

  private static UploadRejectedException invalid(String message, Exception cause) {
    return cause == null
        ? new UploadRejectedException(Reason.INVALID_IMAGE, message)
        : new UploadRejectedException(Reason.INVALID_IMAGE, message, cause);
  }
}
