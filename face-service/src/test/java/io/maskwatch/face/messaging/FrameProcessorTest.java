package io.maskwatch.face.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.maskwatch.events.DetectedFace;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Faces;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Topics;
import io.maskwatch.face.testing.CameraStreams;
import io.maskwatch.face.testing.Frames;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.vision.detect.Box;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.testing.Scenes;
import io.maskwatch.vision.testing.Scenes.Scene;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

/** face-service on a real broker: real photos in as Frames, Faces or dead letters out. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class FrameProcessorTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static KafkaCompanion kafka;

  @BeforeAll
  static void connect() {
    kafka = new KafkaCompanion(KafkaBrokerResource.bootstrapServers());
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
  }

  @Test
  void anUploadKeyedByItsUploadIdKeepsThatKeyOnItsFaces() {
    Scene scene = Scenes.scene(121);
    String uploadId = "up-" + camera();
    Frame frame = Frames.frame("f-" + uploadId, "upload", scene.bytes());
    frame.setSource(FrameSource.upload);
    frame.setUploadId(uploadId);

    send(uploadId, Frames.encode(frame));
    ConsumerRecord<String, byte[]> record = awaitOne(Topics.FACES, uploadId);
    Faces faces = Frames.decode(EventCodec.FACES, record.value());

    assertThat(faces.getCameraId()).isEqualTo("upload");
    assertThat(faces.getUploadId()).isEqualTo(uploadId);
    assertThat(faces.getFrameId()).isEqualTo(frame.getFrameId());
  }

  @Test
  void aRealPhotoGivesItsFacesKeyedByCameraWithThePositionOfTheFrame() {
    Scene scene = Scenes.scene(121);
    String camera = camera();
    Frame frame = Frames.frame("f-" + camera, camera, scene.bytes());

    RecordMetadata sent = send(camera, Frames.encode(frame));
    ConsumerRecord<String, byte[]> record = awaitOne(Topics.FACES, camera);
    Faces faces = Frames.decode(EventCodec.FACES, record.value());

    assertThat(record.key()).isEqualTo(camera);
    assertThat(faces.getFrame())
        .isEqualTo(new FrameRef(Topics.FRAMES, sent.partition(), sent.offset()));
    assertThat(faces.getFrameId()).isEqualTo(frame.getFrameId());
    assertThat(faces.getCameraId()).isEqualTo(camera);
    assertThat(faces.getSource()).isEqualTo(FrameSource.camera);
    assertThat(faces.getCapturedAt()).isEqualTo(frame.getCapturedAt());
    assertThat(faces.getUploadId()).isNull();
    assertThat(faces.getFrameWidth()).isEqualTo(400);
    assertThat(faces.getFrameHeight()).isEqualTo(300);
    assertThat(faces.getDetector()).isEqualTo("haar");
    assertThat(faces.getDetectedAt()).isAfterOrEqualTo(frame.getCapturedAt());
    assertThat(faces.getFaces()).isNotEmpty();
    for (int i = 0; i < faces.getFaces().size(); i++) {
      DetectedFace face = faces.getFaces().get(i);
      Box box = box(face);
      assertThat(face.getIndex()).isEqualTo(i);
      assertThat(box.isInside(400, 300)).as("box %s inside the frame", box).isTrue();
      assertThat(scene.bestIou(box))
          .as("overlap of %s with an annotated face", box)
          .isGreaterThanOrEqualTo(0.3);
      assertThat(face.getScore()).isStrictlyBetween(0f, 1f);
      assertThat(face.getLandmarks()).isEmpty();
      Mat crop = Images.decode(bytes(face.getCrop()));
      assertThat(crop.cols()).isEqualTo(128);
      assertThat(crop.rows()).isEqualTo(128);
    }
  }

  @Test
  void aRealPictureWithoutFacesGivesAnEmptyListAndKeepsTheUploadId() {
    Scene scene = Scenes.scene(340);
    Mat photo = Images.decode(scene.bytes());
    int top = scene.lowestFaceEdge() + 10;
    byte[] background = jpeg(photo.submat(new Rect(0, top, photo.cols(), photo.rows() - top)));
    String camera = camera();
    Frame frame = Frames.frame("f-" + camera, camera, background);
    frame.setSource(FrameSource.upload);
    frame.setUploadId("u-" + camera);

    send(camera, Frames.encode(frame));
    Faces faces = Frames.decode(EventCodec.FACES, awaitOne(Topics.FACES, camera).value());

    assertThat(faces.getFaces()).isEmpty();
    assertThat(faces.getSource()).isEqualTo(FrameSource.upload);
    assertThat(faces.getUploadId()).isEqualTo("u-" + camera);
    assertThat(faces.getFrameWidth()).isEqualTo(photo.cols());
    assertThat(faces.getFrameHeight()).isEqualTo(photo.rows() - top);
  }

  @Test
  void aFrameWithACorruptImageIsDeadLetteredWithItsReasonAndTheNextFrameIsStillProcessed() {
    byte[] photo = Scenes.scene(244).bytes();
    byte[] truncated = Arrays.copyOf(photo, photo.length / 2);
    String camera = camera();

    RecordMetadata bad =
        send(camera, Frames.encode(Frames.frame("bad-" + camera, camera, truncated)));
    send(camera, Frames.encode(Frames.frame("good-" + camera, camera, photo)));

    ConsumerRecord<String, byte[]> dead = awaitOne(Topics.DEAD_LETTERS, camera);
    assertThat(header(dead, "dead-letter-reason"))
        .contains("frame bad-" + camera)
        .contains("truncated");
    assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topics.FRAMES);
    assertThat(header(dead, "dead-letter-partition")).isEqualTo(String.valueOf(bad.partition()));
    assertThat(header(dead, "dead-letter-offset")).isEqualTo(String.valueOf(bad.offset()));
    assertThat(Frames.decode(EventCodec.FRAME, dead.value()).getFrameId())
        .isEqualTo("bad-" + camera);

    Faces next = Frames.decode(EventCodec.FACES, awaitOne(Topics.FACES, camera).value());
    assertThat(next.getFrameId()).isEqualTo("good-" + camera);
    assertThat(next.getFaces()).isNotEmpty();
  }

  @Test
  void bytesThatAreNotAFrameAreDeadLetteredAndTheNextFrameIsStillProcessed() {
    String camera = camera();
    byte[] garbage = "not an Avro frame at all".getBytes(StandardCharsets.UTF_8);

    send(camera, garbage);
    send(camera, Frames.encode(Frames.frame("good-" + camera, camera, Scenes.scene(352).bytes())));

    ConsumerRecord<String, byte[]> dead = awaitOne(Topics.DEAD_LETTERS, camera);
    assertThat(header(dead, "dead-letter-reason")).contains("not an Avro single-object message");
    assertThat(dead.value()).isEqualTo(garbage);
    Faces next = Frames.decode(EventCodec.FACES, awaitOne(Topics.FACES, camera).value());
    assertThat(next.getFrameId()).isEqualTo("good-" + camera);
  }

  @Test
  void isReadyWithItsDetector() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("face-detector"))
        .body("checks.find { it.name == 'face-detector' }.data.detector", equalTo("haar"));
  }

  @Test
  void metricsCountFramesAndFacesAndTimeEachStage() {
    String camera = camera();
    double framesBefore = CameraStreams.metric("maskwatch_frames_processed_total");
    double facesBefore = CameraStreams.metric("maskwatch_faces_detected_total");

    send(camera, Frames.encode(Frames.frame("f-" + camera, camera, Scenes.scene(502).bytes())));
    Faces faces = Frames.decode(EventCodec.FACES, awaitOne(Topics.FACES, camera).value());

    assertThat(faces.getFaces()).isNotEmpty();
    assertThat(CameraStreams.metric("maskwatch_frames_processed_total"))
        .isGreaterThanOrEqualTo(framesBefore + 1);
    assertThat(CameraStreams.metric("maskwatch_faces_detected_total"))
        .isGreaterThanOrEqualTo(facesBefore + faces.getFaces().size());
    String metrics = CameraStreams.metrics();
    assertThat(metrics)
        .contains("maskwatch_decode_seconds_count")
        .contains("maskwatch_detect_seconds_count{detector=\"haar\"")
        .contains("maskwatch_crop_seconds_count")
        .contains("maskwatch_frames_rejected_total{reason=\"invalid-image\"");
  }

  private static String camera() {
    return "cam-" + UUID.randomUUID();
  }

  private static RecordMetadata send(String key, byte[] value) {
    return kafka
        .produce(String.class, byte[].class)
        .fromRecords(new ProducerRecord<>(Topics.FRAMES, key, value))
        .awaitCompletion(WAIT)
        .getFirstRecord();
  }

  private static ConsumerRecord<String, byte[]> awaitOne(String topic, String key) {
    List<ConsumerRecord<String, byte[]>> records =
        kafka
            .consume(String.class, byte[].class)
            .withGroupId("test-" + UUID.randomUUID())
            .withOffsetReset(OffsetResetStrategy.EARLIEST)
            .fromTopics(topic, m -> m.filter(r -> key.equals(r.key())))
            .awaitRecords(1, WAIT)
            .getRecords();
    return records.get(0);
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    return KafkaCompanion.getHeader(record.headers(), name);
  }

  private static Box box(DetectedFace face) {
    return new Box(
        face.getBox().getX(),
        face.getBox().getY(),
        face.getBox().getWidth(),
        face.getBox().getHeight());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  private static byte[] jpeg(Mat image) {
    MatOfByte out = new MatOfByte();
    assertThat(Imgcodecs.imencode(".jpg", image, out)).isTrue();
    return out.toArray();
  }
}
