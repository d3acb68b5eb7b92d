package io.maskwatch.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;

/** Writes the trained graph as a SavedModel plus the maskwatch-model.json the services read. */
public final class ModelExporter {

  public static final String METADATA_FILE = "maskwatch-model.json";

  private ModelExporter() {}

  /**
   * Exports into {@code dir}, which must not exist yet or be empty (TF refuses to overwrite).
   *
   * @param extra further metadata fields (training data, seed, metrics), written after the required
   *     ones
   */
  public static void export(
      ClassifierGraph model,
      Session session,
      Path dir,
      String name,
      String version,
      List<String> labels,
      Map<String, Object> extra)
      throws IOException {
    if (Files.exists(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IOException("export directory is not empty: " + dir);
        }
      }
      Files.delete(dir);
    }
    if (labels.size() != model.numClasses()) {
      throw new IllegalArgumentException(
          labels.size() + " labels for a model with " + model.numClasses() + " outputs");
    }
    SavedModelBundle.exporter(dir.toString())
        .withSession(session)
        .withSignature(model.servingSignature())
        .export();
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("version", version);
    metadata.put("labels", labels);
    metadata.put("inputSize", model.inputSize());
    metadata.put("inputFormat", "float32 NHWC RGB 0..255");
    metadata.put("architecture", model.architecture());
    metadata.put("created", Instant.now().toString());
    metadata.putAll(extra);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve(METADATA_FILE).toFile(), metadata);
  }
}
