package io.maskwatch.trainer.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The evaluation's predictions file, in exactly the form other tools can score:
 *
 * <pre>{"images":[{"image":"&lt;basename&gt;","faces":[{"box":[x1,y1,x2,y2],"score":0.93,
 * "label":"with_mask","label_score":0.97}]}]}</pre>
 *
 * Boxes are in pixels of the original image ({@code x2}/{@code y2} exclusive, as in the VOC
 * annotations); {@code score} is the detection score (1.0 for annotated boxes), {@code label} one
 * of {@code with_mask}, {@code without_mask}, {@code mask_weared_incorrect} and {@code label_score}
 * the classifier's confidence in it.
 */
public record Predictions(List<ImagePredictions> images) {

  public Predictions {
    images = List.copyOf(images);
  }

  /** The faces found in one image; {@code image} is the file name without extension. */
  @JsonPropertyOrder({"image", "faces"})
  public record ImagePredictions(String image, List<PredictedFace> faces) {
    public ImagePredictions {
      faces = List.copyOf(faces);
    }
  }

  /** One face: {@code box} is {@code [x1, y1, x2, y2]}. */
  @JsonPropertyOrder({"box", "score", "label", "label_score"})
  public record PredictedFace(
      double[] box, double score, String label, @JsonProperty("label_score") double labelScore) {

    public PredictedFace {
      if (box == null || box.length != 4) {
        throw new IllegalArgumentException("box must be [x1, y1, x2, y2]");
      }
      box = box.clone();
    }

    public static PredictedFace of(
        VocAnnotation.BoundingBox b, double score, String label, double labelScore) {
      return new PredictedFace(
          new double[] {b.xmin(), b.ymin(), b.xmax(), b.ymax()}, score, label, labelScore);
    }

    /** The box as a {@link VocAnnotation.BoundingBox}. */
    public VocAnnotation.BoundingBox boundingBox() {
      return new VocAnnotation.BoundingBox(box[0], box[1], box[2], box[3]);
    }

    @Override
    public double[] box() {
      return box.clone();
    }
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    mapper().writeValue(file.toFile(), this);
  }

  public static Predictions read(Path file) throws IOException {
    return mapper().readValue(file.toFile(), Predictions.class);
  }

  static ObjectMapper mapper() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
