package io.maskwatch.ingest.camera.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Locale;

/** An HTTP MJPEG stream ({@code multipart/x-mixed-replace}): every part is one JPEG. */
public final class MjpegSource implements CameraSource {

  private final HttpURLConnection connection;
  private final BufferedInputStream body;
  private final MjpegParser parser;
  private final Clock clock;

  private MjpegSource(
      HttpURLConnection connection, BufferedInputStream body, MjpegParser parser, Clock clock) {
    this.connection = connection;
    this.body = body;
    this.parser = parser;
    this.clock = clock;
  }

  /**
   * Reads the stream of an answered GET; the content type must be multipart with a boundary. The
   * connection is disconnected when this fails.
   */
  public static MjpegSource of(HttpURLConnection connection, int maxPartBytes, Clock clock)
      throws IOException {
    try {
      String type = connection.getContentType();
      String boundary = MjpegParser.boundaryOf(type);
      if (!isStream(type)) {
        throw new IOException(
            "not an MJPEG stream: Content-Type " + type + " (multipart/x-mixed-replace expected)");
      }
      BufferedInputStream body = new BufferedInputStream(connection.getInputStream(), 64 * 1024);
      return new MjpegSource(
          connection, body, new MjpegParser(body, boundary, maxPartBytes), clock);
    } catch (IOException | RuntimeException e) {
      connection.disconnect();
      throw e;
    }
  }

  /** Whether a content type is a multipart stream with a boundary. */
  static boolean isStream(String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")
        && MjpegParser.boundaryOf(contentType) != null;
  }

  @Override
  public Picture next() throws IOException {
    byte[] part = parser.nextPart();
    return Picture.ofJpeg(part, clock.instant());
  }

  @Override
  public void abort() {
    connection.disconnect();
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // closing anyway
    }
    connection.disconnect();
  }
}
