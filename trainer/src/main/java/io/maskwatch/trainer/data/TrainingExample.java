package io.maskwatch.trainer.data;

import io.maskwatch.vision.MaskLabel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One example of a training epoch: an image file, the label to learn, and whether the picture is
 * the file as it is or a synthetic mask drawn onto the (unmasked) face in it.
 */
public record TrainingExample(Path source, MaskLabel label, Kind kind) {

  public enum Kind {
    ORIGINAL(null),
    SYNTH_CORRECT(MaskMode.CORRECT),
    SYNTH_UNDER_NOSE(MaskMode.UNDER_NOSE),
    SYNTH_ON_CHIN(MaskMode.ON_CHIN);

    private final MaskMode mode;

    Kind(MaskMode mode) {
      this.mode = mode;
    }

    /** The mask to draw; empty for an original image. */
    public Optional<MaskMode> mode() {
      return Optional.ofNullable(mode);
    }

    public static Kind of(MaskMode mode) {
      return switch (mode) {
        case CORRECT -> SYNTH_CORRECT;
        case UNDER_NOSE -> SYNTH_UNDER_NOSE;
        case ON_CHIN -> SYNTH_ON_CHIN;
      };
    }
  }
}
