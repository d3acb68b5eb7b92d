package io.maskwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images cannot be built here (no Docker engine); these hold the Dockerfiles to what the
 * manifests and the services expect: the base, a non-root user, the service's port, the quarkus-app
 * layout, and only sources the .dockerignore lets into the build context.
 */
class DockerfileTest {

  @ParameterizedTest
  @ValueSource(strings = {"ingest-service", "face-service", "mask-service", "alert-service"})
  void jvmImage(String module) throws IOException {
    Path root = Repo.root();
    String dockerfile = Files.readString(root.resolve(module + "/src/main/docker/Dockerfile.jvm"));
    int port = ServiceConfig.load(root, module).httpPort();

    assertThat(dockerfile).contains("FROM eclipse-temurin:17-jre\n");
    // The vision library decodes JPEGs with libjpeg-turbo's TurboJPEG where it is installed.
    assertThat(dockerfile)
        .containsPattern("apt-get install -y --no-install-recommends [^\\n]*libturbojpeg ");
    assertThat(dockerfile)
        .containsPattern("(?m)^USER 1001$")
        .doesNotContainPattern("(?m)^USER (0|root)$");
    assertThat(dockerfile).containsPattern("(?m)^EXPOSE " + port + "$");
    for (String part : List.of("lib/", "quarkus/", "app/", "quarkus-run.jar")) {
      assertThat(dockerfile)
          .contains("COPY --chown=1001:1001 " + module + "/target/quarkus-app/" + part);
    }
    assertThat(dockerfile).contains("-jar /deployments/quarkus-run.jar");
    assertThat(copySources(dockerfile))
        .allSatisfy(source -> assertThat(inBuildContext(root, source)).as(source).isTrue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.gpu"})
  void maskServiceCarriesTheModelAndTheTensorFlowLibrary(String name) throws IOException {
    Path root = Repo.root();
    String dockerfile = Files.readString(root.resolve("mask-service/src/main/docker/" + name));

    String tfNative = name.endsWith("gpu") ? "target/tf-native-gpu/" : "target/tf-native/";
    assertThat(dockerfile).contains("COPY " + tfNative + " /opt/tf-native/");
    assertThat(dockerfile).contains("TENSORFLOW_LIBRARY_PATH=/opt/tf-native");
    assertThat(dockerfile).contains("-Dai.djl.offline=true");
    assertThat(dockerfile).contains("models/mask-classifier/ /deployments/models/mask-classifier/");
    assertThat(dockerfile).contains("MASKWATCH_MASK_MODEL_DIR=/deployments/models/mask-classifier");
    assertThat(dockerfile).containsPattern("(?m)^USER 1001$");
    if (name.endsWith("gpu")) {
      // TensorFlow 2.16.2's CUDA library loads libcudnn.so.8 and refuses cuDNN 9 (seen on an H100).
      assertThat(dockerfile).doesNotContain("cudnn9").contains("libcudnn8=8.9.");
    }
    assertThat(copySources(dockerfile))
        .allSatisfy(source -> assertThat(inBuildContext(root, source)).as(source).isTrue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"face-service"})
  void faceServiceInstallsTheHaarCascades(String module) throws IOException {
    String dockerfile =
        Files.readString(Repo.root().resolve(module + "/src/main/docker/Dockerfile.jvm"));
    assertThat(dockerfile)
        .contains("opencv-data")
        .contains("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml");
  }

  /** The sources of COPY lines that read the build context (not another stage). */
  private static List<String> copySources(String dockerfile) {
    List<String> sources = new ArrayList<>();
    Matcher m =
        Pattern.compile("(?m)^COPY (?!--from)(?:--chown=\\S+ )?(\\S+) \\S+$").matcher(dockerfile);
    while (m.find()) {
      sources.add(m.group(1));
    }
    assertThat(sources).isNotEmpty();
    return sources;
  }

  /** True when .dockerignore's allow-list ({@code !pattern} lines after {@code *}) admits it. */
  private static boolean inBuildContext(Path root, String source) throws IOException {
    for (String line : Files.readAllLines(root.resolve(".dockerignore"))) {
      if (line.startsWith("!")) {
        String regex = Pattern.quote(line.substring(1)).replace("*", "\\E[^/]+\\Q");
        if (source.matches(regex + ".*")) {
          return true;
        }
      }
    }
    return false;
  }
}
