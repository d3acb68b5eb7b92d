package io.maskwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.stack.local.Ports;
import io.maskwatch.stack.local.Service;
import io.maskwatch.stack.local.ServiceProcess;
import io.maskwatch.stack.local.StackException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mask-service's packaged jar, run as `./maskwatch up` runs it, with a SavedModel path that does
 * not exist: the process stops at start-up (it does not sit there unready) and its log says which
 * key names which missing folder. No broker is needed: the check comes before any Kafka traffic.
 */
class MaskServiceStartupTest {

  @TempDir Path runDir;

  @Test
  void aSavedModelPathThatDoesNotExistStopsTheProcessSayingWhichKeyAndWhere() throws Exception {
    Path home = Path.of(System.getProperty("maskwatch.home"));
    Path missing = runDir.resolve("no-such-model");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (ServiceProcess mask =
        ServiceProcess.start(
            Service.MASK,
            "mask-service-no-model",
            home,
            javaBin,
            List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC"),
            Ports.free(),
            Map.of(
                "kafka.bootstrap.servers",
                "127.0.0.1:" + Ports.free(),
                "maskwatch.mask.model-dir",
                missing.toString(),
                "ai.djl.offline",
                "true"),
            Map.of("TENSORFLOW_LIBRARY_PATH", home.resolve("target/tf-native").toString()),
            runDir,
            OptionalInt.empty())) {
      assertThatThrownBy(() -> mask.awaitReady(Duration.ofMinutes(3)))
          .isInstanceOf(StackException.class)
          .hasMessageContaining("exited while starting");
      assertThat(mask.process().waitFor(Duration.ofSeconds(30))).isNotZero();
      String log = Files.readString(mask.process().log());
      assertThat(log)
          .contains(
              "mask-service cannot start: model directory "
                  + missing
                  + " does not exist (maskwatch.mask.model-dir="
                  + missing
                  + ")");
    }
  }
}
