package io.maskwatch.trainer.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code maskwatch}: the command line around the mask classifier. Add subcommands below. */
@Command(
    name = "maskwatch",
    mixinStandardHelpOptions = true,
    versionProvider = MaskwatchCli.Version.class,
    description = "Face-mask compliance: train, evaluate and run the mask classifier.",
    subcommands = {
      ClassifyCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      BenchCommand.class,
      EnsembleCommand.class,
      ModelsCommand.class,
      HelpCommand.class,
    })
public final class MaskwatchCli implements Runnable {

  /** Set by the ./maskwatch launcher to the repository root. */
  public static final String HOME_PROPERTY = "maskwatch.home";

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for {@link #main} and for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new MaskwatchCli());
  }

  /** The repository root: {@value #HOME_PROPERTY} when the launcher set it, else the cwd. */
  public static Path home() {
    String home = System.getProperty(HOME_PROPERTY);
    return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).toAbsolutePath();
  }

  /** A path under the {@code ../shared} folder beside the repository (data and models). */
  public static Path shared(String relative) {
    return home().resolve("../shared").resolve(relative).normalize();
  }

  /** The version the build wrote into trainer.jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = MaskwatchCli.class.getPackage().getImplementationVersion();
      return new String[] {"maskwatch " + (version == null ? "(development build)" : version)};
    }
  }
}
