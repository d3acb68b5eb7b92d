package io.maskwatch.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.io.Downloads;
import io.maskwatch.vision.testing.SharedData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installing YuNet: a supplied copy is loaded and run before it replaces anything; a download is
 * checked against the expected SHA-256 (served here by a real HTTP server on loopback, since the
 * official host is out of reach on the build machines).
 */
class YuNetModelsTest {

  @TempDir Path dir;

  private HttpServer server;
  private byte[] served;

  @BeforeAll
  static void opencv() {
    OpenCvLoader.ensureLoaded();
  }

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/yunet.onnx",
        exchange -> {
          exchange.sendResponseHeaders(200, served.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(served);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void installsASuppliedCopyWithItsChecksumAndSource() throws IOException {
    Path copy = SharedData.yunet();
    YuNetModels models = new YuNetModels(dir.resolve("models"));
    assertThat(models.installed()).isEmpty();

    YuNetModels.Installed installed = models.installCopy(copy);

    assertThat(installed.file()).isEqualTo(models.modelFile()).hasSameBinaryContentAs(copy);
    assertThat(installed.sha256()).isEqualTo(Downloads.sha256Hex(copy)).hasSize(64);
    assertThat(installed.official()).isFalse();
    assertThat(models.installed()).contains(installed);
    assertThat(models.installed().orElseThrow().source()).endsWith("yunet-legacy.onnx");
    assertThat(YuNetFaceDetector.load(YuNetSettings.defaults(installed.file())).name())
        .isEqualTo("yunet");
  }

  @Test
  void refusesAFileThatIsNotAYuNetModelAndKeepsTheInstalledOne() throws IOException {
    YuNetModels models = new YuNetModels(dir.resolve("models"));
    YuNetModels.Installed before = models.installCopy(SharedData.yunet());
    Path notAModel = Files.writeString(dir.resolve("notes.onnx"), "not an ONNX graph");

    assertThatThrownBy(() -> models.installCopy(notAModel))
        .isInstanceOf(DetectorUnavailableException.class)
        .hasMessageContaining(notAModel.getFileName().toString());

    assertThat(models.installed()).contains(before);
    try (var files = Files.list(models.dir())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(YuNetModels.INSTALLED_NAME, YuNetModels.PROVENANCE_NAME);
    }
  }

  @Test
  void downloadsOnlyWhatMatchesTheExpectedChecksum() throws IOException {
    served = Files.readAllBytes(SharedData.yunet());
    String sha = Downloads.sha256Hex(SharedData.yunet());
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/yunet.onnx");
    YuNetModels models = new YuNetModels(dir.resolve("models"));

    assertThatThrownBy(() -> models.fetch(url, YuNetModels.OFFICIAL_SHA256, Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("has SHA-256 " + sha)
        .hasMessageContaining("not the published " + YuNetModels.OFFICIAL_SHA256);
    assertThat(models.installed()).isEmpty();

    YuNetModels.Installed installed = models.fetch(url, sha, Duration.ofSeconds(5));

    assertThat(installed.source()).isEqualTo(url.toString());
    assertThat(models.installed().orElseThrow().sha256()).isEqualTo(sha);
  }

  @Test
  void anUnreachableHostSaysHowToInstallACopyInstead() {
    int closedPort = server.getAddress().getPort();
    server.stop(0);
    YuNetModels models = new YuNetModels(dir.resolve("models"));
    URI url = URI.create("http://127.0.0.1:" + closedPort + "/yunet.onnx");

    assertThatThrownBy(() -> models.fetch(url, YuNetModels.OFFICIAL_SHA256, Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot download " + url)
        .hasMessageContaining("./maskwatch models --yunet FILE");
  }
}
