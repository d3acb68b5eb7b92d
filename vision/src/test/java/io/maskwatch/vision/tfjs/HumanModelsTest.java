package io.maskwatch.vision.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Download, verification and extraction, against a tarball served from this JVM (no network). */
class HumanModelsTest {

  @TempDir Path tmp;
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private Path tgz;

  @BeforeEach
  void serveTarball() throws IOException {
    tgz = tmp.resolve("pkg.tgz");
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(tgz)))) {
      add(tar, "package/LICENSE", "MIT");
      add(tar, "package/models/tiny.json", "{\"tiny\":1}");
      add(tar, "package/models/tiny.bin", "weights");
      add(tar, "package/models/other.json", "{}");
      add(tar, "package/models/other.bin", "x");
      add(tar, "package/README.md", "readme");
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/pkg.tgz",
        ex -> {
          requests.incrementAndGet();
          byte[] body = Files.readAllBytes(tgz);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void integrityIsNpmsSha512Base64Form() throws IOException {
    Path abc = Files.writeString(tmp.resolve("abc"), "abc");
    assertThat(HumanModels.integrityOf(abc))
        .isEqualTo(
            "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==");
  }

  @Test
  void downloadsVerifiesAndExtractsOnlyTheWantedModelsThenReusesTheCache() throws IOException {
    Path cache = tmp.resolve("cache");
    HumanModels models =
        new HumanModels(cache, List.of("tiny"), uri(), HumanModels.integrityOf(tgz));

    assertThat(models.ensure()).isEqualTo(cache);
    assertThat(models.ensure()).isEqualTo(cache);

    assertThat(requests.get()).isEqualTo(1);
    assertThat(Files.readString(cache.resolve("tiny.json"))).isEqualTo("{\"tiny\":1}");
    assertThat(Files.readString(cache.resolve("tiny.bin"))).isEqualTo("weights");
    try (Stream<Path> files = Files.list(cache)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("tiny.json", "tiny.bin");
    }
  }

  @Test
  void tarballWithWrongIntegrityIsRejectedAndLeavesNothingBehind() throws IOException {
    Path cache = tmp.resolve("cache");
    HumanModels models = new HumanModels(cache, List.of("tiny"), uri(), HumanModels.INTEGRITY);

    assertThatThrownBy(models::ensure)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Integrity mismatch");
    try (Stream<Path> files = Files.list(cache)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void modelMissingFromThePackageIsAnError() throws IOException {
    HumanModels models =
        new HumanModels(
            tmp.resolve("c"), List.of("tiny", "absent"), uri(), HumanModels.integrityOf(tgz));

    assertThatThrownBy(models::ensure)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("absent");
  }

  @Test
  void offlineModeRefusesToDownload() throws IOException {
    HumanModels models =
        new HumanModels(tmp.resolve("c"), List.of("tiny"), uri(), HumanModels.integrityOf(tgz));
    System.setProperty(HumanModels.OFFLINE_PROPERTY, "true");
    try {
      assertThatThrownBy(models::ensure)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(HumanModels.OFFLINE_PROPERTY);
      assertThat(requests.get()).isZero();
    } finally {
      System.clearProperty(HumanModels.OFFLINE_PROPERTY);
    }
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pkg.tgz");
  }

  private static void add(TarArchiveOutputStream tar, String name, String content)
      throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
