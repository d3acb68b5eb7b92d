package io.maskwatch.stack;

import io.maskwatch.stack.local.LocalStack;
import io.maskwatch.stack.local.StackOptions;
import io.maskwatch.vision.testing.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    }
  }
}
