package io.maskwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Kustomization under k8s/ (base and each overlay) rendered with {@code kubectl kustomize}
 * and held to {@link ManifestChecker}'s rules. Skipped, with the reason, where kubectl (with
 * Kustomize 5) is not installed; {@link ManifestCheckerTest} runs the same rules without it.
 */
class ManifestTest {

  private static Map<String, ServiceConfig> services;

  @BeforeAll
  static void load() {
    services = ServiceConfig.loadAll(Repo.root());
  }

  static Stream<String> kustomizations() throws IOException {
    Path k8s = Repo.k8s();
    List<String> dirs = new ArrayList<>();
    dirs.add("base");
    try (Stream<Path> overlays = Files.list(k8s.resolve("overlays"))) {
      overlays
          .filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
          .map(dir -> "overlays/" + dir.getFileName())
          .sorted()
          .forEach(dirs::add);
    }
    return dirs.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kustomizations")
  void rendersIntoManifestsThatFollowTheRules(String kustomization) throws IOException {
    Kubectl.unavailableReason().ifPresent(reason -> Assumptions.abort(reason));
    String yaml = Kubectl.kustomize(Repo.k8s().resolve(kustomization));
    List<Manifest> docs = Manifest.parseAll(kustomization, yaml);

    assertThat(docs).extracting(Manifest::kind).contains("Deployment", "Service", "ConfigMap");
    assertThat(ManifestChecker.check(services, docs)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kustomizations")
  void everythingIsInTheMaskwatchNamespace(String kustomization) throws IOException {
    Kubectl.unavailableReason().ifPresent(reason -> Assumptions.abort(reason));
    List<Manifest> docs =
        Manifest.parseAll(kustomization, Kubectl.kustomize(Repo.k8s().resolve(kustomization)));
    for (Manifest doc : docs) {
      boolean clusterScoped =
          doc.kind().equals("Namespace") || doc.kind().equals("CustomResourceDefinition");
      assertThat(doc.tree().path("metadata").path("namespace").asText())
          .as(doc.label())
          .isEqualTo(clusterScoped ? "" : "maskwatch");
    }
  }
}
