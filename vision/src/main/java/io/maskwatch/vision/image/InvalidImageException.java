package io.maskwatch.vision.image;

/** Bytes or a file that cannot be used as an image; the message says what is wrong with them. */
public class InvalidImageException extends RuntimeException {

  public InvalidImageException(String message) {
    super(message);
  }

  public InvalidImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
