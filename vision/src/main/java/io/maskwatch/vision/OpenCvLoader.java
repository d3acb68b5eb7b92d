package io.maskwatch.vision;

/** Loads OpenCV's native library once per JVM. */
public final class OpenCvLoader {
  private static volatile boolean loaded;

  private OpenCvLoader() {}

  public static void ensureLoaded() {
    if (!loaded) {
      synchronized (OpenCvLoader.class) {
        if (!loaded) {
          nu.pattern.OpenCV.loadLocally();
          loaded = true;
        }
      }
    }
  }
}
