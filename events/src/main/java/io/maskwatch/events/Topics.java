package io.maskwatch.events;

import java.util.List;

/**
 * The Kafka topics, declared once. Channel names are the same strings, so {@code
 * mp.messaging.incoming.frames} reads topic {@code frames} without a {@code .topic} setting.
 */
public final class Topics {

  /** {@link Frame} per picture; key = camera id. */
  public static final String FRAMES = "frames";

  /** {@link Faces} per frame; key = camera id. */
  public static final String FACES = "faces";

  /** {@link Verdicts} per frame; key = camera id. */
  public static final String VERDICTS = "verdicts";

  /** {@link CameraDefinition} per camera, compacted; key = camera id. */
  public static final String CAMERAS = "cameras";

  /** {@link CameraStatus} per camera; key = camera id. */
  public static final String CAMERA_STATUS = "camera-status";

  /** {@link Alert} per violation; key = camera id. */
  public static final String ALERTS = "alerts";

  /**
   * Messages a consumer could not use, as they were received, with the reason in the {@code
   * dead-letter-reason} header and the origin in {@code dead-letter-topic} / {@code
   * dead-letter-partition} / {@code dead-letter-offset}.
   */
  public static final String DEAD_LETTERS = "dead-letters";

  /** Every topic of the system, for the tools that create them. */
  public static final List<String> ALL =
      List.of(FRAMES, FACES, VERDICTS, CAMERAS, CAMERA_STATUS, ALERTS, DEAD_LETTERS);

  private Topics() {}
}
