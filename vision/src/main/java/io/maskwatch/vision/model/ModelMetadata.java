package io.maskwatch.vision.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.maskwatch.vision.MaskLabel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@value ModelContract#METADATA_FILE} that travels with an exported classifier.
 *
 * @param labels the classes in the order of the model's {@code probabilities} output
 * @param inputSize S: the model takes S×S RGB images
 * @param details free-form facts the trainer wants to keep with the model (data set, metrics);
 *     never needed to run it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ModelMetadata(
    String name,
    String version,
    List<MaskLabel> labels,
    int inputSize,
    String architecture,
    Instant created,
    Map<String, Object> details) {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  /**
   * @throws IllegalArgumentException naming the first field that is missing or out of range
   */
  public ModelMetadata {
    requireText(name, "name");
    requireText(version, "version");
    requireText(architecture, "architecture");
    if (labels == null || labels.size() < 2) {
      throw new IllegalArgumentException("labels must name at least 2 classes, got " + labels);
    }
    if (labels.stream().anyMatch(Objects::isNull)
        || EnumSet.copyOf(labels).size() != labels.size()) {
      throw new IllegalArgumentException("labels must be distinct, got " + labels);
    }
    if (inputSize < 8 || inputSize > 1024) {
      throw new IllegalArgumentException("inputSize must be within 8..1024, got " + inputSize);
    }
    if (created == null) {
      throw new IllegalArgumentException("created is missing");
    }
    labels = List.copyOf(labels);
    details =
        details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public ModelMetadata(
      String name,
      String version,
      List<MaskLabel> labels,
      int inputSize,
      String architecture,
      Instant created) {
    this(name, version, labels, inputSize, architecture, created, Map.of());
  }

  /**
   * Reads {@value ModelContract#METADATA_FILE} from a model directory.
   *
   * @throws InvalidModelException naming the file when it is missing, is not JSON, or a field is
   *     missing or invalid
   */
  public static ModelMetadata read(Path modelDir) {
    Path file = modelDir.resolve(ModelContract.METADATA_FILE);
    try {
      return JSON.readValue(Files.readAllBytes(file), ModelMetadata.class);
    } catch (NoSuchFileException e) {
      throw new InvalidModelException("model metadata " + file.toAbsolutePath() + " is missing", e);
    } catch (JsonProcessingException e) {
      throw new InvalidModelException(
          "model metadata " + file.toAbsolutePath() + " is invalid: " + reason(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
    }
  }

  /** Writes {@value ModelContract#METADATA_FILE} into {@code modelDir}, replacing any. */
  public void write(Path modelDir) {
    Path file = modelDir.resolve(ModelContract.METADATA_FILE);
    try {
      Files.write(file, JSON.writeValueAsBytes(this));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file.toAbsolutePath(), e);
    }
  }

  /** Index of {@code label} in the model's output, or -1 when the model does not predict it. */
  public int indexOf(MaskLabel label) {
    return labels.indexOf(label);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is missing");
    }
  }

  /** Jackson wraps our own validation message; show that rather than Jackson's location dump. */
  private static String reason(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException) {
        return t.getMessage();
      }
    }
    return e.getOriginalMessage();
  }
}
