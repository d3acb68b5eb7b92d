package io.maskwatch.ingest.camera.source;

import java.io.IOException;

/** No picture came from a connected source within the stall timeout. */
public class StalledException extends IOException {

  public StalledException(String message) {
    super(message);
  }
}
