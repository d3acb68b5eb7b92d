package io.maskwatch.stack.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code maskwatch bench ...}: benchmarks of the running system. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks of the whole system (the classifier alone: `./maskwatch bench --help` of the trainer).",
    subcommands = {
      BenchUploadsCommand.class,
      BenchMaskCommand.class,
      BenchPipelineCommand.class,
      HelpCommand.class
    })
final class BenchCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: uploads");
  }
}
