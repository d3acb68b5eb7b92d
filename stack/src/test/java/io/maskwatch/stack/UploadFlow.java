package io.maskwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.maskwatch.events.BoundingBox;
import io.maskwatch.events.DetectedFace;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Faces;
import io.maskwatch.events.Topics;
import io.maskwatch.stack.client.MaskwatchClient;
import io.maskwatch.stack.local.DashboardLogin;
import io.maskwatch.stack.local.LocalStack;
import io.maskwatch.stack.local.Service;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.image.Images;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.opencv.core.Mat;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Real photos through a running system, checked against what the detector and the model produce:
 * every verdict is the shipped model's answer for the crop face-service sent, every detected box is
 * one face-service reported, the boxes land on annotated faces, every violation has exactly one
 * alert, and alert-service draws the frame it reads back from Kafka.
 */
final class UploadFlow {

  /** Scenes with unmasked people large enough for a Haar cascade, and masked ones beside them. */
  static final List<String> PHOTOS =
      List.of(
          "maksssksksss502.jpg",
          "maksssksksss244.jpg",
          "maksssksksss347.jpg",
          "maksssksksss340.jpg",
          "maksssksksss792.jpg",
          "maksssksksss787.jpg",
          "maksssksksss523.jpg",
          "maksssksksss809.jpg");

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private UploadFlow() {}

  static void run(LocalStack stack, Path scenes, Path modelDir) throws Exception {
    MaskwatchClient client =
        new MaskwatchClient(
            URI.create(stack.baseUrl(Service.INGEST)),
            URI.create(stack.baseUrl(Service.ALERT)),
            DashboardLogin.USER,
            stack.dashboardPassword());

    try (KafkaConsumer<String, byte[]> facesTopic = consumerAtEnd(stack.bootstrapServers())) {
      Map<String, Path> photoByFrame = new LinkedHashMap<>();
      Map<String, String> uploadByFrame = new HashMap<>();
      for (String name : PHOTOS) {
        Path photo = scenes.resolve("images").resolve(name);
        MaskwatchClient.Upload upload = client.upload(photo);
        photoByFrame.put(upload.frameId(), photo);
        uploadByFrame.put(upload.frameId(), upload.uploadId());
      }
      Map<String, Faces> facesByFrame = collectFaces(facesTopic, photoByFrame.keySet());

      int detections = 0;
      int onAnnotatedFaces = 0;
      int violations = 0;
      try (MaskClassifier model = MaskClassifier.load(modelDir);
          MaskPredictor predictor = model.newPredictor()) {
        for (var entry : photoByFrame.entrySet()) {
          String frameId = entry.getKey();
          Path photo = entry.getValue();
          String uploadId = uploadByFrame.get(frameId);
          JsonNode result = client.awaitResult(uploadId, TIMEOUT);
          Faces faces = facesByFrame.get(frameId);
          String what = photo.getFileName().toString();

          // The frame the services saw is the photo that was uploaded.
          Mat image = Images.read(photo);
          assertThat(faces.getFrameWidth()).as(what).isEqualTo(image.width());
          assertThat(faces.getFrameHeight()).as(what).isEqualTo(image.height());
          assertThat(faces.getCameraId()).isEqualTo("upload");
          assertThat(faces.getUploadId()).isEqualTo(uploadId);
          image.release();

          // Every verdict is the model's answer for the crop face-service cut.
          JsonNode verdicts = result.path("faces");
          assertThat(verdicts.size())
              .as("%s: one verdict per detected face", what)
              .isEqualTo(faces.getFaces().size());
          assertThat(result.path("model").path("sha256").asText()).isEqualTo(model.sha256());
          List<BoundingBox> truth = annotatedFaces(scenes, photo);
          for (DetectedFace face : faces.getFaces()) {
            JsonNode verdict = verdictAt(verdicts, face.getIndex());
            BoundingBox box = face.getBox();
            assertThat(verdict.path("box").path("x").asInt()).isEqualTo(box.getX());
            assertThat(verdict.path("box").path("y").asInt()).isEqualTo(box.getY());
            assertThat(verdict.path("box").path("width").asInt()).isEqualTo(box.getWidth());
            assertThat(verdict.path("box").path("height").asInt()).isEqualTo(box.getHeight());
            Mat crop = Images.decode(bytes(face.getCrop()), "crop", Images.DEFAULT_MAX_PIXELS);
            MaskPrediction expected = predictor.classify(crop);
            crop.release();
            assertThat(verdict.path("label").asText())
                .as("%s face %d", what, face.getIndex())
                .isEqualTo(expected.label().wireName());
            assertThat(verdict.path("confidence").asDouble())
                .isCloseTo(expected.confidence(), within(1e-4));
            detections++;
            if (truth.stream().anyMatch(t -> iou(t, box) >= 0.3)) {
              onAnnotatedFaces++;
            }
            if (expected.label().isViolation()) {
              violations++;
            }
          }

          // alert-service stored the same faces, raised one alert per violation, and draws the
          // frame it reads back from Kafka.
          JsonNode stored = client.awaitFrame(frameId, TIMEOUT);
          assertThat(stored.path("faces").size()).isEqualTo(verdicts.size());
          long expectedAlerts =
              faces.getFaces().stream()
                  .filter(
                      f ->
                          MaskLabel.fromWireName(
                                  verdictAt(verdicts, f.getIndex()).path("label").asText())
                              .isViolation())
                  .count();
          List<JsonNode> alerts = new ArrayList<>();
          for (JsonNode alert : client.alerts("upload", 1000)) {
            if (frameId.equals(alert.path("frameId").asText())) {
              alerts.add(alert);
            }
          }
          assertThat(alerts).as("%s: one alert per violation", what).hasSize((int) expectedAlerts);
          for (JsonNode alert : alerts) {
            JsonNode verdict = verdictAt(verdicts, alert.path("faceIndex").asInt());
            assertThat(alert.path("label").asText()).isEqualTo(verdict.path("label").asText());
          }
          Mat annotated =
              Images.decode(client.annotatedPng(frameId), "annotated", Images.DEFAULT_MAX_PIXELS);
          assertThat(annotated.width()).isEqualTo(faces.getFrameWidth());
          assertThat(annotated.height()).isEqualTo(faces.getFrameHeight());
          annotated.release();
        }
      }
      System.out.printf(
          "[system] %d photos: %d faces detected, %d on annotated faces, %d violations%n",
          PHOTOS.size(), detections, onAnnotatedFaces, violations);
      assertThat(detections).as("faces found in %d scenes", PHOTOS.size()).isGreaterThan(0);
      assertThat(onAnnotatedFaces)
          .as("detections on an annotated face (IoU >= 0.3), of %d", detections)
          .isGreaterThanOrEqualTo((detections + 1) / 2);
      assertThat(violations).as("unmasked faces found and labelled as violations").isPositive();
    }
  }

  private static JsonNode verdictAt(JsonNode verdicts, int index) {
    for (JsonNode verdict : verdicts) {
      if (verdict.path("index").asInt() == index) {
        return verdict;
      }
    }
    throw new AssertionError("no verdict for face " + index + " in " + verdicts);
  }

  private static KafkaConsumer<String, byte[]> consumerAtEnd(String bootstrap) {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.FACES, Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  private static Map<String, Faces> collectFaces(
      KafkaConsumer<String, byte[]> consumer, java.util.Set<String> frameIds) {
    Map<String, Faces> found = new HashMap<>();
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (found.size() < frameIds.size() && Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        Faces faces = EventCodec.FACES.decode(record.value());
        if (frameIds.contains(faces.getFrameId())) {
          // An upload's frame keeps the key ingest gave it, its upload id, through the pipeline.
          assertThat(record.key())
              .isEqualTo(faces.getUploadId() != null ? faces.getUploadId() : faces.getCameraId());
          found.put(faces.getFrameId(), faces);
        }
      }
    }
    assertThat(found.keySet()).as("a faces message for every uploaded frame").isEqualTo(frameIds);
    return found;
  }

  /** The faces annotated in the photo's PASCAL VOC file. */
  static List<BoundingBox> annotatedFaces(Path scenes, Path photo) throws Exception {
    String name = photo.getFileName().toString().replaceFirst("\\.[^.]+$", ".xml");
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(scenes.resolve("annotations").resolve(name).toFile());
    List<BoundingBox> boxes = new ArrayList<>();
    NodeList objects = doc.getElementsByTagName("bndbox");
    for (int i = 0; i < objects.getLength(); i++) {
      Element box = (Element) objects.item(i);
      int x0 = (int) Double.parseDouble(text(box, "xmin"));
      int y0 = (int) Double.parseDouble(text(box, "ymin"));
      int x1 = (int) Double.parseDouble(text(box, "xmax"));
      int y1 = (int) Double.parseDouble(text(box, "ymax"));
      boxes.add(new BoundingBox(x0, y0, x1 - x0, y1 - y0));
    }
    return boxes;
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
  }

  static double iou(BoundingBox a, BoundingBox b) {
    int x0 = Math.max(a.getX(), b.getX());
    int y0 = Math.max(a.getY(), b.getY());
    int x1 = Math.min(a.getX() + a.getWidth(), b.getX() + b.getWidth());
    int y1 = Math.min(a.getY() + a.getHeight(), b.getY() + b.getHeight());
    double inter = Math.max(0, x1 - x0) * (double) Math.max(0, y1 - y0);
    double union =
        (double) a.getWidth() * a.getHeight() + (double) b.getWidth() * b.getHeight() - inter;
    return union <= 0 ? 0 : inter / union;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }
}
