package io.maskwatch.stack.cli;

import io.maskwatch.stack.local.StackOptions;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The commands that run or use the whole system: {@code up}, {@code detect}, {@code bench}. */
@Command(
    name = "maskwatch",
    mixinStandardHelpOptions = true,
    description = "Run the maskwatch system on this machine and send photos through it.",
    subcommands = {UpCommand.class, DetectCommand.class, BenchCommand.class, HelpCommand.class})
public final class StackCli implements Runnable {

  /** Set by the ./maskwatch launcher to the repository root. */
  public static final String HOME_PROPERTY = "maskwatch.home";

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand");
  }

  /** The repository root: services, models and the TensorFlow library are found under it. */
  static Path home() {
    return Path.of(System.getProperty(HOME_PROPERTY, ".")).toAbsolutePath().normalize();
  }

  /** A path under ../shared (beside the checkout) unless {@code maskwatch.shared.dir} says. */
  static Path shared(String relative) {
    return StackOptions.sharedDir(home()).resolve(relative);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new StackCli()).execute(args));
  }
}
