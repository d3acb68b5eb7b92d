package io.maskwatch.ingest.camera.source;

import java.io.EOFException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Files (MP4, AVI, ...) and network streams (RTSP, HTTP video) decoded by FFmpeg through JavaCV. A
 * file is played in real time (each frame at its presentation time) and from the start again at its
 * end, so it behaves like a live camera; {@code realtime=false} reads it as fast as it decodes
 * (measurements).
 */
public final class FfmpegSource implements CameraSource {

  static {
    // FFmpeg's own log lines quote URLs, credentials included: keep it quiet (failures surface as
    // exceptions, whose messages the caller scrubs).
    avutil.av_log_set_level(avutil.AV_LOG_QUIET);
  }

  private final FFmpegFrameGrabber grabber;
  private final boolean file;
  private final boolean realtime;
  private final Clock clock;
  private final Java2DFrameConverter converter = new Java2DFrameConverter();
  private long wallStart;
  private long videoStart = -1;

  private FfmpegSource(FFmpegFrameGrabber grabber, boolean file, boolean realtime, Clock clock) {
    this.grabber = grabber;
    this.file = file;
    this.realtime = realtime;
    this.clock = clock;
  }

  /**
   * Opens a file (a path) or a stream URL.
   *
   * @param ioTimeout for streams: a read or connect waiting longer fails (a stall)
   * @param maxWidth larger video is scaled down by FFmpeg as it is decoded (aspect kept), far
   *     cheaper than scaling the decoded picture in Java
   */
  public static FfmpegSource open(
      String target,
      boolean file,
      boolean realtime,
      Duration ioTimeout,
      int maxWidth,
      int maxHeight,
      Clock clock)
      throws IOException {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(target);
    if (!file) {
      String micros = Long.toString(ioTimeout.toNanos() / 1000);
      if (target.startsWith("rtsp")) {
        grabber.setOption("rtsp_transport", "tcp");
        grabber.setOption("timeout", micros);
      } else {
        grabber.setOption("rw_timeout", micros);
      }
      grabber.setTimeout((int) ioTimeout.toMillis());
    }
    try {
      grabber.start();
    } catch (FrameGrabber.Exception e) {
      release(grabber);
      throw new IOException(
          "FFmpeg cannot open the " + (file ? "file" : "stream") + ": " + e.getMessage(), e);
    }
    int width = grabber.getImageWidth();
    int height = grabber.getImageHeight();
    if (width <= 0 || height <= 0) {
      release(grabber);
      throw new IOException("no video in the " + (file ? "file" : "stream"));
    }
    double scale = Math.min((double) maxWidth / width, (double) maxHeight / height);
    if (scale < 1) {
      grabber.setImageWidth(Math.max(1, (int) Math.round(width * scale)));
      grabber.setImageHeight(Math.max(1, (int) Math.round(height * scale)));
    }
    return new FfmpegSource(grabber, file, realtime, clock);
  }

  @Override
  public Picture next() throws IOException, InterruptedException {
    Frame frame = grab();
    if (frame == null && file) {
      // A looping file: from the start again.
      try {
        grabber.setTimestamp(0);
      } catch (FrameGrabber.Exception e) {
        throw new IOException("cannot rewind the file: " + e.getMessage(), e);
      }
      videoStart = -1;
      frame = grab();
    }
    if (frame == null) {
      throw new EOFException(file ? "the file has no frames" : "the stream ended");
    }
    if (file && realtime) {
      pace(grabber.getTimestamp());
    }
    Frame grabbed = frame;
    return Picture.ofImage(() -> converter.getBufferedImage(grabbed), clock.instant());
  }

  private Frame grab() throws IOException {
    try {
      return grabber.grabImage();
    } catch (FrameGrabber.Exception e) {
      throw new IOException("FFmpeg read failed: " + e.getMessage(), e);
    }
  }

  /** Waits until a frame's presentation time, counted from the first frame played. */
  private void pace(long timestampMicros) throws InterruptedException {
    long now = System.nanoTime();
    if (videoStart < 0) {
      videoStart = timestampMicros;
      wallStart = now;
      return;
    }
    long due = wallStart + (timestampMicros - videoStart) * 1000;
    long wait = due - now;
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  /** Frames in the video as FFmpeg estimates it (0 for a live stream). */
  public int lengthInFrames() {
    return grabber.getLengthInFrames();
  }

  /** Frames per second of the video as FFmpeg reports it. */
  public double frameRate() {
    return grabber.getFrameRate();
  }

  @Override
  public void close() {
    release(grabber);
    converter.close();
  }

  private static void release(FFmpegFrameGrabber grabber) {
    try {
      grabber.release();
    } catch (FrameGrabber.Exception e) {
      // closing anyway
    }
  }
}
