package io.maskwatch.ingest.camera.source;

import io.maskwatch.ingest.camera.CameraSpec;
import io.maskwatch.ingest.camera.Urls;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Connects a camera by its URL: {@code file:} → FFmpeg, a looping file played in real time; {@code
 * rtsp(s):} → FFmpeg; {@code http(s):} → one GET decides: a multipart answer is an MJPEG stream
 * (read on that connection), an image answer a snapshot URL (polled at the rate), a video answer is
 * handed to FFmpeg.
 */
public class SourceFactory {

  private final Duration connectTimeout;
  private final Duration stallTimeout;
  private final int maxPictureBytes;
  private final Clock clock;
  private final boolean realtimeFiles;

  /**
   * @param stallTimeout a read waiting longer than this fails, so the camera is reconnected
   * @param maxPictureBytes larger snapshots or stream parts are refused
   */
  public SourceFactory(
      Duration connectTimeout, Duration stallTimeout, int maxPictureBytes, Clock clock) {
    this(connectTimeout, stallTimeout, maxPictureBytes, clock, true);
  }

  /**
   * @param realtimeFiles false: files are read as fast as they decode (measurements), not played
   */
  public SourceFactory(
      Duration connectTimeout,
      Duration stallTimeout,
      int maxPictureBytes,
      Clock clock,
      boolean realtimeFiles) {
    this.realtimeFiles = realtimeFiles;
    this.connectTimeout = connectTimeout;
    this.stallTimeout = stallTimeout;
    this.maxPictureBytes = maxPictureBytes;
    this.clock = clock;
  }

  /** Opens the camera's source; an IOException's message may quote the URL (scrub it). */
  public CameraSource open(CameraSpec camera) throws IOException {
    String url = camera.url();
    String scheme = Urls.scheme(url);
    switch (scheme) {
      case "file":
        Path path = Path.of(URI.create(url));
        if (!Files.isReadable(path)) {
          throw new IOException("no readable file at " + path);
        }
        return FfmpegSource.open(
            path.toString(),
            true,
            true,
            stallTimeout,
            camera.maxWidth(),
            camera.maxHeight(),
            clock);
      case "rtsp":
      case "rtsps":
        return FfmpegSource.open(
            url, false, false, stallTimeout, camera.maxWidth(), camera.maxHeight(), clock);
      case "http":
      case "https":
        return openHttp(camera);
      default:
        throw new IOException("unsupported URL scheme '" + scheme + "'");
    }
  }

  private CameraSource openHttp(CameraSpec camera) throws IOException {
    HttpURLConnection connection = Http.get(camera.url(), connectTimeout, stallTimeout);
    String type = connection.getContentType();
    if (MjpegSource.isStream(type)) {
      return MjpegSource.of(connection, maxPictureBytes, clock);
    }
    connection.disconnect();
    String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (lower.startsWith("video/") || lower.startsWith("application/octet-stream")) {
      return FfmpegSource.open(
          camera.url(), false, false, stallTimeout, camera.maxWidth(), camera.maxHeight(), clock);
    }
    if (!lower.startsWith("image/")) {
      throw new IOException(
          "the camera answered Content-Type " + type + " (an image, MJPEG or video expected)");
    }
    return new SnapshotSource(
        camera.url(), camera.sampleFps(), connectTimeout, stallTimeout, maxPictureBytes, clock);
  }
}
