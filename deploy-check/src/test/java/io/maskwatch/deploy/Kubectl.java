package io.maskwatch.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubectl kustomize}, which renders offline. The overlays use Kustomize 5 features
 * (components, labels): a kubectl whose built-in Kustomize is older (Debian's kubernetes-client
 * 1.20 carries 2.0.3) cannot render them, and counts as absent.
 */
final class Kubectl {

  private Kubectl() {}

  /** Why the manifests cannot be rendered here, or empty when kubectl can. */
  static Optional<String> unavailableReason() {
    Optional<Path> kubectl = find();
    if (kubectl.isEmpty()) {
      return Optional.of(
          "kubectl is not on the PATH: the overlays are not rendered. Install kubectl ≥ 1.27"
              + " (Kustomize 5), see k8s/README.md.");
    }
    try {
      String version = run(List.of(kubectl.get().toString(), "version", "--client"));
      Matcher m = Pattern.compile("Kustomize Version: v(\\d+)").matcher(version);
      if (!m.find() || Integer.parseInt(m.group(1)) < 5) {
        return Optional.of(
            "kubectl's Kustomize is older than v5 ("
                + version.strip().replace('\n', ' ')
                + "): install kubectl ≥ 1.27, see k8s/README.md.");
      }
    } catch (IOException e) {
      return Optional.of("kubectl version failed: " + e.getMessage());
    }
    return Optional.empty();
  }

  /** The rendered YAML of the Kustomization in {@code dir}. */
  static String kustomize(Path dir) throws IOException {
    return run(List.of(find().orElseThrow().toString(), "kustomize", dir.toString()));
  }

  private static Optional<Path> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String run(List<String> command) throws IOException {
    Path err = Files.createTempFile("kubectl", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.to(err.toFile()))
              .start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in 60 s");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            String.join(" ", command)
                + " failed (exit "
                + process.exitValue()
                + "): "
                + Files.readString(err));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
