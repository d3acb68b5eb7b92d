package io.maskwatch.vision.detect;

import io.maskwatch.vision.io.Downloads;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Where the YuNet face detector's ONNX file comes from and where it is kept: OpenCV Zoo's official
 * {@value #OFFICIAL_FILE}, checked against its published SHA-256, or a copy the operator supplies,
 * loaded and run before it is installed. face-service's {@code auto} detector uses {@link
 * #installed()} when no model path is configured.
 *
 * <p>Folder: system property {@value #DIR_PROPERTY}, else environment {@value #DIR_ENV}, else
 * {@code ~/.cache/maskwatch/models}. The model is {@value #INSTALLED_NAME} there, with {@value
 * #PROVENANCE_NAME} beside it saying where it came from and its SHA-256.
 */
public final class YuNetModels {

  /** The official file: the layout OpenCV 4.8+'s {@code FaceDetectorYN} expects. */
  public static final String OFFICIAL_FILE = "face_detection_yunet_2023mar.onnx";

  public static final URI OFFICIAL_URL =
      URI.create(
          "https://github.com/opencv/opencv_zoo/raw/main/models/face_detection_yunet/"
              + OFFICIAL_FILE);

  /** The SHA-256 OpenCV Zoo publishes for it (its Git LFS object id), and its size. */
  public static final String OFFICIAL_SHA256 =
      "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4";

  public static final long OFFICIAL_SIZE = 232_589;

  public static final String DIR_PROPERTY = "maskwatch.models.dir";
  public static final String DIR_ENV = "MASKWATCH_MODELS_DIR";
  public static final String INSTALLED_NAME = "yunet.onnx";
  public static final String PROVENANCE_NAME = "yunet.onnx.source";

  /** An installed model: where, its SHA-256, where it came from, and whether it is the official. */
  public record Installed(Path file, String sha256, String source) {

    public boolean official() {
      return OFFICIAL_SHA256.equals(sha256);
    }
  }

  private final Path dir;

  public YuNetModels(Path dir) {
    this.dir = dir;
  }

  /** The models folder as configured (property, environment, else the user's cache). */
  public static YuNetModels standard() {
    return new YuNetModels(defaultDir());
  }

  public static Path defaultDir() {
    String configured = System.getProperty(DIR_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(DIR_ENV);
    }
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "maskwatch", "models");
  }

  public Path dir() {
    return dir;
  }

  public Path modelFile() {
    return dir.resolve(INSTALLED_NAME);
  }

  /** The installed model, if one is there and readable. */
  public Optional<Installed> installed() throws IOException {
    Path file = modelFile();
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      return Optional.empty();
    }
    String sha = Downloads.sha256Hex(file);
    Path provenance = dir.resolve(PROVENANCE_NAME);
    String source = "unknown (no " + PROVENANCE_NAME + ")";
    if (Files.isRegularFile(provenance)) {
      List<String> lines = Files.readAllLines(provenance, StandardCharsets.UTF_8);
      if (!lines.isEmpty() && !lines.get(0).isBlank()) {
        source = lines.get(0).strip();
      }
    }
    return Optional.of(new Installed(file, sha, source));
  }

  /**
   * Downloads the official model, checks its SHA-256, loads and runs it, then installs it.
   *
   * @throws IOException when the host cannot be reached (the message says what to do instead), or
   *     the bytes are not the published ones
   */
  public Installed fetchOfficial(Duration connectTimeout) throws IOException {
    return fetch(OFFICIAL_URL, OFFICIAL_SHA256, connectTimeout);
  }

  /** {@link #fetchOfficial} from another address (a mirror), with the expected SHA-256. */
  public Installed fetch(URI url, String expectedSha256, Duration connectTimeout)
      throws IOException {
    Files.createDirectories(dir);
    Path part = Files.createTempFile(dir, "yunet-", ".onnx.part");
    try {
      String sha;
      try {
        sha =
            HexFormat.of()
                .formatHex(Downloads.download(url, part, "SHA-256", "YuNet", connectTimeout));
      } catch (IOException e) {
        throw new IOException(
            "cannot download "
                + url
                + " ("
                + describe(e)
                + "); install a copy you have instead: ./maskwatch models --yunet FILE",
            e);
      }
      if (!sha.equals(expectedSha256)) {
        throw new IOException(
            "the file at " + url + " has SHA-256 " + sha + ", not the published " + expectedSha256);
      }
      return install(part, url.toString());
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /**
   * Installs a YuNet file the operator supplies, once OpenCV has loaded and run it.
   *
   * @throws DetectorUnavailableException when it is not a YuNet model OpenCV can run
   */
  public Installed installCopy(Path file) throws IOException {
    DetectorUnavailableException.requireReadableFile(file, "YuNet model");
    Files.createDirectories(dir);
    Path part = Files.createTempFile(dir, "yunet-", ".onnx.part");
    try {
      Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
      return install(part, file.toAbsolutePath().normalize().toUri().toString());
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /** An I/O failure in words: the JDK's connect failures often carry no message of their own. */
  private static String describe(Throwable e) {
    StringBuilder words = new StringBuilder();
    for (Throwable t = e; t != null && words.length() < 300; t = t.getCause()) {
      String text = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
      if (words.indexOf(text) < 0) {
        words.append(words.length() == 0 ? "" : ": ").append(text);
      }
    }
    return words.toString();
  }

  private Installed install(Path part, String source) throws IOException {
    try {
      YuNetFaceDetector.load(YuNetSettings.defaults(part));
    } catch (DetectorUnavailableException e) {
      throw new DetectorUnavailableException(
          source
              + " is not a YuNet model this OpenCV can run, nothing installed: "
              + e.getMessage(),
          e);
    }
    String sha = Downloads.sha256Hex(part);
    Path provenance = dir.resolve(PROVENANCE_NAME);
    Files.writeString(
        provenance,
        source + "\nsha256 " + sha + (OFFICIAL_SHA256.equals(sha) ? " (official)" : "") + "\n",
        StandardCharsets.UTF_8);
    Files.move(
        part, modelFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Installed(modelFile(), sha, source);
  }
}
