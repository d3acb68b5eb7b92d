package io.maskwatch.ingest.domain;

import java.util.Optional;

/** File names as uploaders send them, made safe to carry along and show again. */
public final class FileNames {

  /** Longer names are cut; no file system allows much more. */
  public static final int MAX_LENGTH = 255;

  private FileNames() {}

  /**
   * The last path segment of a client-supplied name, without control characters, at most {@link
   * #MAX_LENGTH} characters; empty when nothing usable is left.
   */
  public static Optional<String> clean(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    StringBuilder kept = new StringBuilder(base.length());
    base.codePoints()
        .filter(c -> !Character.isISOControl(c))
        .limit(MAX_LENGTH)
        .forEach(kept::appendCodePoint);
    String cleaned = kept.toString().strip();
    return cleaned.isEmpty() ? Optional.empty() : Optional.of(cleaned);
  }
}
