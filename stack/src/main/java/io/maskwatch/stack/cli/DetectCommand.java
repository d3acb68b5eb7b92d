package io.maskwatch.stack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maskwatch.stack.client.ClientException;
import io.maskwatch.stack.client.MaskwatchClient;
import io.maskwatch.stack.local.DashboardLogin;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maskwatch detect PHOTO}: the write-ups' detect_mask_image, done by the running system. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Send a photo through the running system (./maskwatch up): print every face's box, label and",
      "confidence, the alerts it raised, and write the annotated picture."
    })
final class DetectCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PHOTO", description = "A JPEG or PNG photo.")
  private Path photo;

  @Option(
      names = {"-o", "--output"},
      description =
          "Annotated picture to write (.png or .jpg; default: PHOTO-annotated.png in the current directory, never beside the photo, which may sit in a read-only data set).")
  private Path output;

  @Option(
      names = "--ingest",
      defaultValue = "http://127.0.0.1:8081",
      description = "ingest-service URL.")
  private URI ingest;

  @Option(
      names = "--alert",
      defaultValue = "http://127.0.0.1:8084",
      description = "alert-service URL.")
  private URI alert;

  @Option(
      names = "--user",
      defaultValue = DashboardLogin.USER,
      description = "alert-service login (${DEFAULT-VALUE}).")
  private String user;

  @Option(
      names = "--password",
      description =
          "alert-service password (default: $MASKWATCH_PASSWORD, else the one `./maskwatch up` keeps in runs/data/dashboard-admin-password).")
  private String password;

  @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for verdicts.")
  private int timeoutSeconds;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(photo)) {
      System.err.println("maskwatch detect: no such file: " + photo);
      return 2;
    }
    MaskwatchClient client = new MaskwatchClient(ingest, alert, user, password());
    try {
      return detect(client, System.out);
    } catch (ClientException e) {
      System.err.println("maskwatch detect: " + e.getMessage());
      return 1;
    }
  }

  /** --password, else $MASKWATCH_PASSWORD, else the local stack's (null: none known). */
  private String password() {
    if (password != null) {
      return password;
    }
    String fromEnv = System.getenv("MASKWATCH_PASSWORD");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    return DashboardLogin.read(StackCli.home().resolve("runs/data")).orElse(null);
  }

  private int detect(MaskwatchClient client, PrintStream out) {
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    MaskwatchClient.Upload upload = client.upload(photo);
    JsonNode result = client.awaitResult(upload.uploadId(), timeout);
    JsonNode faces = result.path("faces");
    out.printf(
        "%s: %d face%s (detector %s, model %s %s)%n",
        photo.getFileName(),
        faces.size(),
        faces.size() == 1 ? "" : "s",
        result.path("detector").asText("?"),
        result.path("model").path("name").asText("?"),
        result.path("model").path("version").asText("?"));
    for (JsonNode face : faces) {
      JsonNode box = face.path("box");
      out.printf(
          Locale.ROOT,
          "  face %d  box x=%d y=%d w=%d h=%d  %-22s %.2f%n",
          face.path("index").asInt(),
          box.path("x").asInt(),
          box.path("y").asInt(),
          box.path("width").asInt(),
          box.path("height").asInt(),
          face.path("label").asText(),
          face.path("confidence").asDouble());
    }

    client.awaitFrame(upload.frameId(), timeout);
    int alerts = 0;
    for (JsonNode alertNode : client.alerts("upload", 1000)) {
      if (upload.frameId().equals(alertNode.path("frameId").asText())) {
        alerts++;
      }
    }
    out.printf("alerts raised: %d (GET %s/api/alerts?cameraId=upload)%n", alerts, alert);

    Path target = output != null ? output : defaultOutput(photo);
    try {
      write(client.annotatedPng(upload.frameId()), target);
    } catch (IOException e) {
      throw new ClientException("cannot write " + target + ": " + e.getMessage(), e);
    }
    out.println("annotated: " + target);
    return 0;
  }

  private static Path defaultOutput(Path photo) {
    String name = photo.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return Path.of((dot > 0 ? name.substring(0, dot) : name) + "-annotated.png");
  }

  /** Writes the PNG as is, or re-encoded when the file name asks for JPEG. */
  private static void write(byte[] png, Path target) throws IOException {
    String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".png")) {
      Files.write(target, png);
      return;
    }
    if (!name.endsWith(".jpg") && !name.endsWith(".jpeg")) {
      throw new IOException("the output must end in .png, .jpg or .jpeg");
    }
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    rgb.getGraphics().drawImage(image, 0, 0, null);
    if (!ImageIO.write(rgb, "jpg", target.toFile())) {
      throw new IOException("no JPEG writer in this JVM");
    }
  }
}
