package io.maskwatch.ingest.camera;

import java.util.function.Consumer;

/** Where captured frames go (Kafka's {@code frames}, keyed by camera id). */
public interface FrameSink {

  /**
   * Sends without waiting for the acknowledgement; {@code done} gets null on success or the
   * failure. May block briefly (the caller is a camera's sending thread, never its capture).
   */
  void send(CameraSpec camera, CapturedFrame frame, Consumer<Exception> done);
}
