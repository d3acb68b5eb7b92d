package io.maskwatch.vision;

/**
 * Loads OpenCV's native library once per JVM. Every class here that touches a {@code Mat} calls
 * {@link #ensureLoaded()} first, so callers only need it for their own OpenCV calls.
 */
public final class OpenCvLoader {

  private static volatile boolean loaded;

  private OpenCvLoader() {}

  /** Idempotent and safe to call from any number of threads; the library is loaded only once. */
  public static void ensureLoaded() {
    if (loaded) {
      return;
    }
    synchronized (OpenCvLoader.class) {
      if (!loaded) {
        nu.pattern.OpenCV.loadLocally();
        loaded = true;
      }
    }
  }
}
