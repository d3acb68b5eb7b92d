package io.maskwatch.stack;

import io.maskwatch.stack.local.LocalStack;
import io.maskwatch.stack.local.StackOptions;
import io.maskwatch.vision.testing.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same flow as {@link SystemTest} on a Kafka container, where Docker exists. */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerSystemTest {

  @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

  @TempDir Path runDir;

  @Test
  void realPhotosBecomeVerdictsAndAlertsOnAContainerBroker() throws Exception {
    Path scenes = SharedData.kaggleScenes();
    Path home = Path.of(System.getProperty("maskwatch.home"));
    StackOptions options =
        StackOptions.onFreePorts(
            home,
            runDir,
            Optional.of(KAFKA.getBootstrapServers()),
            System.getProperty("java.class.path"),
            Duration.ofMinutes(4));
    try (LocalStack stack =
        LocalStack.start(options, line -> System.out.println("[stack] " + line))) {
      UploadFlow.run(stack, scenes, home.resolve("models/mask-classifier"));
    }
  }
}
