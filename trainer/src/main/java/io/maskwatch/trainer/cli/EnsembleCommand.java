package io.maskwatch.trainer.cli;

import io.maskwatch.trainer.ensemble.EnsembleBuilder;
import io.maskwatch.trainer.ensemble.EnsembleBuilder.Built;
import io.maskwatch.vision.model.InvalidModelException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code maskwatch ensemble}: one SavedModel that averages the probabilities of several exported
 * classifiers ({@link EnsembleBuilder}), loadable wherever a single classifier is.
 */
@Command(
    name = "ensemble",
    mixinStandardHelpOptions = true,
    description = {
      "Writes ONE classifier (same contract: image -> probabilities) that averages the",
      "probabilities of the given models; each member's graph is copied under its own scope",
      "with its weights frozen, and the image is resized inside the graph to each member's",
      "input size. --flip also averages each member's answer on the mirrored image."
    })
public final class EnsembleCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--models",
      required = true,
      split = ",",
      description = "Member SavedModel folders, comma-separated (same labels, same order).")
  private List<Path> models;

  @Option(names = "--flip", description = "Horizontal-flip test-time augmentation.")
  private boolean flip;

  @Option(names = "--out", required = true, description = "Output folder (must be new or empty).")
  private Path out;

  @Option(names = "--name", defaultValue = "mask-classifier")
  private String name;

  @Option(names = "--model-version", defaultValue = "dev")
  private String version;

  @Override
  public Integer call() {
    Built built;
    try {
      built = EnsembleBuilder.build(new EnsembleBuilder.Spec(models, flip, name, version), out);
    } catch (IllegalArgumentException | InvalidModelException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    System.out.printf(
        "wrote %s: %s %s, %d members%s, input %d px, labels %s%nsha256 %s%n",
        built.dir(),
        built.metadata().name(),
        built.metadata().version(),
        models.size(),
        flip ? " with flip" : "",
        built.metadata().inputSize(),
        built.metadata().labels(),
        built.sha256());
    return 0;
  }
}
