package io.maskwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.stack.cli.StackCli;
import io.maskwatch.stack.local.LocalStack;
import io.maskwatch.stack.local.Service;
import io.maskwatch.stack.local.StackOptions;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import picocli.CommandLine;

/**
 * The whole system as `./maskwatch up` runs it: a Kafka broker process, PostgreSQL and the four
 * services as processes (on free ports, so a running stack is not disturbed), real photos in.
 */
class SystemTest {

  @TempDir Path runDir;

  @Test
  void realPhotosBecomeVerdictsAndAlerts() throws Exception {
    Path scenes = SharedData.kaggleScenes();
    Path home = Path.of(System.getProperty("maskwatch.home"));
    StackOptions options =
        StackOptions.onFreePorts(
            home,
            runDir,
            Optional.empty(),
            System.getProperty("java.class.path"),
            Duration.ofMinutes(4));
    try (LocalStack stack =
        LocalStack.start(options, line -> System.out.println("[stack] " + line))) {
      UploadFlow.run(stack, scenes, home.resolve("models/mask-classifier"));
      detectPrintsTheUnmaskedFacesAndWritesTheAnnotatedPicture(stack, scenes);
    }
  }

  /** `./maskwatch detect` on the same running system: the write-ups' detect_mask_image. */
  private void detectPrintsTheUnmaskedFacesAndWritesTheAnnotatedPicture(
      LocalStack stack, Path scenes) {
    Path photo = scenes.resolve("images").resolve(UploadFlow.PHOTOS.get(0));
    Path annotated = runDir.resolve("annotated.jpg");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit =
          new CommandLine(new StackCli())
              .execute(
                  "detect",
                  photo.toString(),
                  "-o",
                  annotated.toString(),
                  "--ingest",
                  stack.baseUrl(Service.INGEST),
                  "--alert",
                  stack.baseUrl(Service.ALERT),
                  "--password",
                  stack.dashboardPassword());
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    System.out.print(output);
    assertThat(exit).as(output).isZero();
    assertThat(output).contains("without_mask").containsPattern("alerts raised: [1-9]");
    Mat written = Images.read(annotated);
    Mat originalPhoto = Images.read(photo);
    assertThat(written.size()).isEqualTo(originalPhoto.size());
    written.release();
    originalPhoto.release();
  }
}
