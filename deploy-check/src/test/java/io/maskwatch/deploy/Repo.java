package io.maskwatch.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout under test: surefire passes {@code maskwatch.home}; else this module's parent. */
final class Repo {

  private Repo() {}

  static Path root() {
    String home = System.getProperty("maskwatch.home");
    Path root = home != null ? Path.of(home) : Path.of("").toAbsolutePath().getParent();
    if (!Files.isDirectory(root.resolve("k8s"))) {
      throw new IllegalStateException("no k8s/ folder under " + root + " (maskwatch.home)");
    }
    return root;
  }

  static Path k8s() {
    return root().resolve("k8s");
  }
}
