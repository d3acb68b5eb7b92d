package io.maskwatch.vision.detect;

import java.nio.file.Files;
import java.nio.file.Path;

/** A face detector that cannot be built: its model file is missing, unreadable or not a model. */
public class DetectorUnavailableException extends RuntimeException {

  public DetectorUnavailableException(String message) {
    super(message);
  }

  public DetectorUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The check every detector makes before handing its model file to OpenCV, which would only say
   * "not loaded".
   *
   * @param what the kind of file, for the message ("Haar cascade", "YuNet model")
   * @throws DetectorUnavailableException when the file is missing or not a readable regular file
   */
  static void requireReadableFile(Path file, String what) {
    if (!Files.exists(file)) {
      throw new DetectorUnavailableException(what + " file not found: " + file);
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new DetectorUnavailableException(what + " " + file + " is not a readable regular file");
    }
  }
}
