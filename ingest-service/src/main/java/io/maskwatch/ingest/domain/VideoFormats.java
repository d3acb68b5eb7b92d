package io.maskwatch.ingest.domain;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which uploads are videos: a video MIME type, or {@code application/octet-stream} (what many
 * clients send for a file they cannot type) with a video file name.
 */
public final class VideoFormats {

  /** The video MIME types an upload may declare. */
  public static final List<String> CONTENT_TYPES =
      List.of("video/mp4", "video/x-msvideo", "video/quicktime", "video/webm");

  private static final String OCTET_STREAM = "application/octet-stream";
  private static final Set<String> EXTENSIONS = Set.of("mp4", "m4v", "avi", "mov", "webm", "mkv");

  private VideoFormats() {}

  /**
   * @param contentType the declared Content-Type (may be null)
   * @param fileName the client's file name (may be null)
   */
  public static boolean isVideo(String contentType, String fileName) {
    String type = ImageFormat.mediaType(contentType);
    if (CONTENT_TYPES.contains(type) || type.equals("video/avi") || type.equals("video/msvideo")) {
      return true;
    }
    return type.equals(OCTET_STREAM) && hasVideoExtension(fileName);
  }

  static boolean hasVideoExtension(String fileName) {
    if (fileName == null) {
      return false;
    }
    int dot = fileName.lastIndexOf('.');
    return dot >= 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
