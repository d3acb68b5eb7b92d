package io.maskwatch.mask.domain;

/**
 * Which classifier gave a verdict: the name and version from its metadata and the digest of its
 * weights, so that two models that share a version string still tell apart.
 */
public record ModelIdentity(String name, String version, String sha256) {

  public ModelIdentity {
    requireText(name, "name");
    requireText(version, "version");
    requireText(sha256, "sha256");
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("model " + field + " is missing");
    }
  }
}
