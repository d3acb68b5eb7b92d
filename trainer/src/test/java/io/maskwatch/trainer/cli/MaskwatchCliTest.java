package io.maskwatch.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskwatchCliTest {

  @Test
  void withoutASubcommandItPrintsUsageAndFails() {
    CliRun run = CliRun.of();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing subcommand").contains("classify");
  }

  @Test
  void classifyWithoutImagesPrintsUsageAndFails() {
    CliRun run = CliRun.of("classify", "--model", "/nowhere");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter").contains("IMAGE");
  }

  @Test
  void versionNamesTheProgram() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("maskwatch ");
  }
}
