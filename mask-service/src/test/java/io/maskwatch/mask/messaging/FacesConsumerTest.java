package io.maskwatch.mask.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.FaceVerdict;
import io.maskwatch.events.Faces;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.testing.SharedData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/** faces → verdicts on a real broker, with the shipped model and real face crops. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class FacesConsumerTest {

  private static MaskClassifier expectations;

  private final Pipeline pipeline = new Pipeline();

  @BeforeAll
  static void loadTheModelForExpectations() {
    String home = System.getProperty("maskwatch.home");
    assumeTrue(home != null, "system property maskwatch.home is not set: no shipped model");
    expectations = MaskClassifier.load(Path.of(home, "models", "mask-classifier"));
  }

  @AfterAll
  static void close() {
    if (expectations != null) {
      expectations.close();
    }
  }

  @Test
  void classifiesEveryFaceOfAFrameAsTheModelDoesAndKeysTheVerdictsByCamera() {
    List<Path> masked = SharedData.faces("chandrikadeb7", "with_mask", 6);
    List<Path> unmasked = SharedData.faces("chandrikadeb7", "without_mask", 6);
    List<Path> files = new ArrayList<>(masked);
    files.addAll(unmasked);
    String camera = Pipeline.unique("cam");
    Faces faces = Pipeline.faces(camera, Pipeline.unique("frame"), read(files));

    pipeline.send(faces);
    List<ConsumerRecord<String, byte[]>> records =
        pipeline.verdicts(1, r -> camera.equals(r.key()));

    assertThat(records.get(0).key()).isEqualTo(camera);
    Verdicts verdicts = EventCodec.VERDICTS.decode(records.get(0).value());
    assertThat(verdicts.getFrameId()).isEqualTo(faces.getFrameId());
    assertThat(verdicts.getCameraId()).isEqualTo(camera);
    assertThat(verdicts.getSource()).isEqualTo(FrameSource.camera);
    assertThat(verdicts.getCapturedAt()).isEqualTo(faces.getCapturedAt());
    assertThat(verdicts.getFrame()).isEqualTo(new FrameRef(Topics.FRAMES, 1, 1234L));
    assertThat(verdicts.getFrameWidth()).isEqualTo(1280);
    assertThat(verdicts.getFrameHeight()).isEqualTo(720);
    assertThat(verdicts.getUploadId()).isNull();
    assertThat(verdicts.getDetector()).isEqualTo("yunet");
    assertThat(verdicts.getModel().getName()).isEqualTo(expectations.metadata().name());
    assertThat(verdicts.getModel().getVersion()).isEqualTo(expectations.metadata().version());
    assertThat(verdicts.getModel().getSha256()).isEqualTo(expectations.sha256());
    assertThat(verdicts.getClassifiedAt()).isAfterOrEqualTo(faces.getDetectedAt());

    List<MaskPrediction> expected = classifyDirectly(files);
    List<FaceVerdict> perFace = verdicts.getVerdicts();
    assertThat(perFace).hasSize(files.size());
    for (int i = 0; i < files.size(); i++) {
      FaceVerdict verdict = perFace.get(i);
      MaskPrediction prediction = expected.get(i);
      assertThat(verdict.getIndex()).isEqualTo(i);
      assertThat(verdict.getBox()).isEqualTo(faces.getFaces().get(i).getBox());
      assertThat(verdict.getDetectorScore()).isEqualTo(faces.getFaces().get(i).getScore());
      assertThat(verdict.getLabel().name())
          .as("face %d", i)
          .isEqualTo(prediction.label().wireName());
      // The service batches faces across frames (test config: 2 workers, up to 4 per call), so
      // the session sees other batch shapes than this single call: equal to float rounding.
      assertThat(verdict.getConfidence())
          .as("face %d", i)
          .isCloseTo(prediction.confidence(), org.assertj.core.data.Offset.offset(1e-5f));
      Map<String, Float> expectedScores = byWireName(prediction);
      assertThat(verdict.getScores().keySet())
          .as("face %d", i)
          .containsExactlyInAnyOrderElementsOf(expectedScores.keySet());
      for (Map.Entry<String, Float> e : expectedScores.entrySet()) {
        assertThat(verdict.getScores().get(e.getKey()))
            .as("face %d %s", i, e.getKey())
            .isCloseTo(e.getValue(), org.assertj.core.data.Offset.offset(1e-5f));
      }
    }

    long maskedRight =
        perFace.subList(0, 6).stream().filter(v -> v.getLabel().name().equals("with_mask")).count();
    long unmaskedRight =
        perFace.subList(6, 12).stream()
            .filter(v -> v.getLabel().name().equals("without_mask"))
            .count();
    assertThat(maskedRight).as("with_mask crops labelled with_mask").isGreaterThanOrEqualTo(5);
    assertThat(unmaskedRight)
        .as("without_mask crops labelled without_mask")
        .isGreaterThanOrEqualTo(5);
  }

  @Test
  void anUploadWithoutFacesGetsAnEmptyVerdictThatKeepsItsUploadIdAndItsKey() {
    String frameId = Pipeline.unique("upload-frame");
    String uploadId = Pipeline.unique("up");
    Faces faces = Pipeline.faces("upload", frameId, List.of());
    faces.setSource(FrameSource.upload);
    faces.setUploadId(uploadId);
    faces.setFrame(new FrameRef(Topics.FRAMES, 0, 77L));

    // ingest keys an upload's frames by upload id, so uploads spread over the partitions; the
    // verdicts keep that key.
    pipeline.send(uploadId, EventCodec.FACES.encode(faces));
    ConsumerRecord<String, byte[]> record =
        pipeline
            .verdicts(
                1,
                r ->
                    uploadId.equals(r.key())
                        && EventCodec.VERDICTS.decode(r.value()).getFrameId().equals(frameId))
            .get(0);

    Verdicts verdicts = EventCodec.VERDICTS.decode(record.value());
    assertThat(verdicts.getVerdicts()).isEmpty();
    assertThat(verdicts.getUploadId()).isEqualTo(uploadId);
    assertThat(verdicts.getSource()).isEqualTo(FrameSource.upload);
    assertThat(verdicts.getFrame()).isEqualTo(new FrameRef(Topics.FRAMES, 0, 77L));
    assertThat(verdicts.getModel().getSha256()).isEqualTo(expectations.sha256());
  }

  @Test
  void anUndecodableCropSendsTheFrameToDeadLettersAndTheNextFrameIsStillClassified() {
    byte[] good = read(SharedData.faces("prajnasb", "with_mask", 1)).get(0);
    byte[] truncated = Arrays.copyOf(good, 30);
    String camera = Pipeline.unique("cam");
    Faces broken = Pipeline.faces(camera, Pipeline.unique("broken"), List.of(good, truncated));
    Faces next = Pipeline.faces(camera, Pipeline.unique("next"), List.of(good));

    pipeline.send(broken);
    pipeline.send(next);

    ConsumerRecord<String, byte[]> dead = pipeline.deadLetters(camera, 1).get(0);
    assertThat(Pipeline.header(dead, "dead-letter-reason"))
        .startsWith("face 1 of frame " + broken.getFrameId() + " of camera " + camera + ": ");
    assertThat(Pipeline.header(dead, "dead-letter-topic")).isEqualTo(Topics.FACES);
    assertThat(dead.value()).isEqualTo(EventCodec.FACES.encode(broken));
    // Same key, same partition, processed in order: the broken frame left no verdict behind.
    List<Verdicts> verdicts = pipeline.verdictsOf(camera, 1);
    assertThat(verdicts.get(0).getFrameId()).isEqualTo(next.getFrameId());
    assertThat(verdicts.get(0).getVerdicts()).hasSize(1);
  }

  @Test
  void bytesThatAreNotAFacesEventGoToDeadLettersAndTheConsumerKeepsGoing() {
    String camera = Pipeline.unique("cam");
    Faces next = Pipeline.faces(camera, Pipeline.unique("after-garbage"), List.of());

    pipeline.send(camera, "this is not Avro".getBytes());
    pipeline.send(next);

    ConsumerRecord<String, byte[]> dead = pipeline.deadLetters(camera, 1).get(0);
    assertThat(Pipeline.header(dead, "dead-letter-reason"))
        .contains("not an Avro single-object message");
    assertThat(new String(dead.value())).isEqualTo("this is not Avro");
    assertThat(pipeline.verdictsOf(camera, 1).get(0).getFrameId()).isEqualTo(next.getFrameId());
  }

  private static List<MaskPrediction> classifyDirectly(List<Path> files) {
    List<Mat> crops = files.stream().map(Images::read).toList();
    try (MaskPredictor predictor = expectations.newPredictor()) {
      return predictor.classifyBatch(crops);
    } finally {
      crops.forEach(Mat::release);
    }
  }

  private static Map<String, Float> byWireName(MaskPrediction prediction) {
    Map<String, Float> scores = new LinkedHashMap<>();
    for (Map.Entry<MaskLabel, Float> e : prediction.probabilities().entrySet()) {
      scores.put(e.getKey().wireName(), e.getValue());
    }
    return scores;
  }

  private static List<byte[]> read(List<Path> files) {
    return files.stream()
        .map(
            f -> {
              try {
                return Files.readAllBytes(f);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .toList();
  }
}
