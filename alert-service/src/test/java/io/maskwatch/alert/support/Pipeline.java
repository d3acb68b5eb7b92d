package io.maskwatch.alert.support;

import io.maskwatch.events.BoundingBox;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.FaceVerdict;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.ModelInfo;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.vision.image.Images;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.opencv.core.Mat;

/**
 * What the services upstream of alert-service would put on Kafka: real frames on {@code frames} and
 * verdicts about them on {@code verdicts}, as their wire bytes.
 */
public final class Pipeline implements AutoCloseable {

  public static final ModelInfo MODEL = new ModelInfo("mask-cnn4-64", "1.0.0", "ab12cd34");

  private final KafkaCompanion kafka = new KafkaCompanion(KafkaBrokerResource.bootstrapServers());

  public KafkaCompanion kafka() {
    return kafka;
  }

  /** A camera id no other test uses, so that tests sharing the broker do not see each other. */
  public static String newCamera(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The scene's photo as a camera frame, with its real size. */
  public static Frame frame(String cameraId, VocScene scene) {
    return frame(cameraId, scene, Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  /**
   * The scene's photo as an upload (source upload, an upload id), from a camera id of the test's
   * own: an upload is a one-frame track, decided on that frame.
   */
  public static Frame upload(String cameraId, VocScene scene) {
    Frame frame = frame(cameraId, scene);
    frame.setSource(FrameSource.upload);
    frame.setUploadId("upload-" + UUID.randomUUID());
    return frame;
  }

  /** The scene's photo as a camera frame captured at {@code capturedAt}. */
  public static Frame frame(String cameraId, VocScene scene, Instant capturedAt) {
    byte[] jpeg = scene.bytes();
    Mat decoded = Images.decode(jpeg);
    try {
      return Frame.newBuilder()
          .setFrameId(UUID.randomUUID().toString())
          .setCameraId(cameraId)
          .setSource(FrameSource.camera)
          .setCapturedAt(capturedAt)
          .setWidth(decoded.cols())
          .setHeight(decoded.rows())
          .setContentType("image/jpeg")
          .setImage(ByteBuffer.wrap(jpeg))
          .setAttributes(Map.of("file", scene.image().getFileName().toString()))
          .build();
    } finally {
      decoded.release();
    }
  }

  /** Publishes the frame and returns where Kafka put it. */
  public FrameRef publishFrame(String topic, Frame frame) {
    RecordMetadata written =
        kafka
            .produce(String.class, byte[].class)
            .fromRecords(
                new ProducerRecord<>(topic, frame.getCameraId(), EventCodec.FRAME.encode(frame)))
            .awaitCompletion()
            .getFirstRecord();
    return new FrameRef(written.topic(), written.partition(), written.offset());
  }

  public FrameRef publishFrame(Frame frame) {
    return publishFrame(Topics.FRAMES, frame);
  }

  /** The verdicts mask-service would publish for the frame at {@code ref}. */
  public static Verdicts verdicts(Frame frame, FrameRef ref, List<FaceVerdict> faces) {
    return Verdicts.newBuilder()
        .setFrameId(frame.getFrameId())
        .setCameraId(frame.getCameraId())
        .setSource(frame.getSource())
        .setCapturedAt(frame.getCapturedAt())
        .setFrame(ref)
        .setFrameWidth(frame.getWidth())
        .setFrameHeight(frame.getHeight())
        .setUploadId(frame.getUploadId())
        .setDetector("yunet")
        .setModel(MODEL)
        .setClassifiedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .setVerdicts(faces)
        .build();
  }

  public static FaceVerdict verdict(
      int index, VocScene.Face face, FaceLabel label, float confidence) {
    return FaceVerdict.newBuilder()
        .setIndex(index)
        .setBox(new BoundingBox(face.x(), face.y(), face.width(), face.height()))
        .setDetectorScore(0.87f)
        .setLabel(label)
        .setConfidence(confidence)
        .setScores(Map.of(label.name(), confidence))
        .build();
  }

  /**
   * A scripted camera sequence: one real frame per step (the scene's photo, published to {@code
   * frames}), captured {@code step} apart from {@code start}, each with one face at the scene's
   * face moved {@code dx} pixels a frame, labelled as {@code labels} says; the verdicts are
   * published in order. Returns the frames.
   */
  public List<Frame> walk(
      String cameraId,
      VocScene scene,
      VocScene.Face face,
      Instant start,
      java.time.Duration step,
      List<FaceLabel> labels,
      float confidence,
      int dx) {
    List<Frame> frames = new java.util.ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      Frame frame = frame(cameraId, scene, start.plus(step.multipliedBy(i)));
      FrameRef ref = publishFrame(frame);
      VocScene.Face moved =
          new VocScene.Face(face.label(), face.x() + dx * i, face.y(), face.width(), face.height());
      publishVerdicts(verdicts(frame, ref, List.of(verdict(0, moved, labels.get(i), confidence))));
      frames.add(frame);
    }
    return frames;
  }

  public void publishVerdicts(Verdicts verdicts) {
    publishRaw(verdicts.getCameraId(), EventCodec.VERDICTS.encode(verdicts));
  }

  /** Any bytes on {@code verdicts}, keyed like the real ones. */
  public void publishRaw(String cameraId, byte[] payload) {
    kafka
        .produce(String.class, byte[].class)
        .fromRecords(new ProducerRecord<>(Topics.VERDICTS, cameraId, payload))
        .awaitCompletion();
  }

  /** Reads a topic from its start, keeping only the records {@code wanted}. */
  public ConsumerTask<String, byte[]> consume(
      String topic, Predicate<ConsumerRecord<String, byte[]>> wanted) {
    return kafka
        .consume(String.class, byte[].class)
        .withGroupId("test-" + UUID.randomUUID())
        .withOffsetReset(OffsetResetStrategy.EARLIEST)
        .fromTopics(topic, records -> records.filter(wanted));
  }

  /**
   * Decodes an event in a Quarkus test. Avro finds generated classes through the thread's context
   * class loader, which in a Quarkus test is not the one that loaded the test's own event classes.
   */
  public static <T extends SpecificRecordBase> T decode(EventCodec<T> codec, byte[] payload) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(codec.type().getClassLoader());
    try {
      return codec.decode(payload);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public void close() {
    kafka.close();
  }
}
