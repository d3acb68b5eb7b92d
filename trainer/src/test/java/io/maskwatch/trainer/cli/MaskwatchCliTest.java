package io.maskwatch.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MaskwatchCliTest {

  @Test
  void withoutASubcommandItPrintsUsageAndFails() {
    Run run = run();
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("Missing subcommand").contains("classify");
  }

  @Test
  void classifyWithoutImagesPrintsUsageAndFails() {
    Run run = run("classify", "--model", "/nowhere");
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("Missing required parameter").contains("IMAGE");
  }

  @Test
  void versionNamesTheProgram() {
    Run run = run("--version");
    assertThat(run.exitCode).isZero();
    assertThat(run.out).startsWith("maskwatch ");
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = MaskwatchCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exitCode = cli.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {}
}
