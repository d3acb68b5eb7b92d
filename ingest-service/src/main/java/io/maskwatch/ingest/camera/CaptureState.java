package io.maskwatch.ingest.camera;

/** Where a camera's capture stands (the wire's CameraState has the same names). */
public enum CaptureState {
  connecting,
  streaming,
  stalled,
  failed,
  disabled,
  unknown
}
