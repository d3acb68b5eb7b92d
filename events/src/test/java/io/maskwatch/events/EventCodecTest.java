package io.maskwatch.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  private static final List<EventCodec<?>> CODECS =
      List.of(
          EventCodec.FRAME,
          EventCodec.FACES,
          EventCodec.VERDICTS,
          EventCodec.CAMERA_DEFINITION,
          EventCodec.CAMERA_STATUS,
          EventCodec.ALERT);

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  @Test
  void theNewestHistoryFileIsTheSchemaThisBuildWrites() {
    for (EventCodec<?> codec : CODECS) {
      List<Schema> history = codec.history();
      Schema newest = history.get(history.size() - 1);
      assertThat(newest)
          .as(
              "%s changed: add history/%s.v%d.avsc with this schema:%n%s",
              codec.type().getSimpleName(),
              codec.type().getSimpleName(),
              history.size() + 1,
              codec.schema().toString(true))
          .isEqualTo(codec.schema());
    }
  }

  @Test
  void everyVersionReadsThePreviousOne() {
    for (EventCodec<?> codec : CODECS) {
      List<Schema> history = codec.history();
      for (int n = 1; n < history.size(); n++) {
        var result =
            SchemaCompatibility.checkReaderWriterCompatibility(history.get(n), history.get(n - 1));
        assertThat(result.getType())
            .as(
                "%s v%d reading v%d: %s",
                codec.type().getSimpleName(), n + 1, n, result.getResult().getIncompatibilities())
            .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      }
    }
  }

  @Test
  void aConsumerOfTheCurrentFrameReadsAFrameWrittenWithVersionOne() throws Exception {
    Schema v1 = EventCodec.FRAME.history().get(0);
    assertThat(v1.getField("attributes")).as("v1 predates attributes").isNull();
    assertThat(EventCodec.FRAME.schema().getField("attributes")).isNotNull();

    GenericRecord old = new GenericData.Record(v1);
    old.put("frameId", "f-1");
    old.put("cameraId", "gate-2");
    old.put("source", new GenericData.EnumSymbol(v1.getField("source").schema(), "upload"));
    old.put("capturedAt", NOW.toEpochMilli());
    old.put("width", 640);
    old.put("height", 480);
    old.put("contentType", "image/jpeg");
    old.put("image", ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}));
    old.put("uploadId", "u-9");
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old, written);

    Frame read = EventCodec.FRAME.decode(written.toByteArray());

    assertThat(read.getFrameId()).isEqualTo("f-1");
    assertThat(read.getCameraId()).isEqualTo("gate-2");
    assertThat(read.getSource()).isEqualTo(FrameSource.upload);
    assertThat(read.getCapturedAt()).isEqualTo(NOW);
    assertThat(read.getUploadId()).isEqualTo("u-9");
    assertThat(bytes(read.getImage())).containsExactly(0xFF, 0xD8, 1, 2, 3);
    assertThat(read.getAttributes()).as("default of the field v2 added").isEmpty();
  }

  @Test
  void everyEventRoundTrips() {
    BoundingBox box = new BoundingBox(10, 20, 30, 40);
    FrameRef ref = new FrameRef(Topics.FRAMES, 3, 1234L);
    Frame frame =
        Frame.newBuilder()
            .setFrameId("f")
            .setCameraId("c")
            .setSource(FrameSource.camera)
            .setCapturedAt(NOW)
            .setWidth(2)
            .setHeight(1)
            .setContentType("image/png")
            .setImage(ByteBuffer.wrap(new byte[] {9, 8}))
            .setAttributes(Map.of("file", "a.png"))
            .build();
    Faces faces =
        Faces.newBuilder()
            .setFrameId("f")
            .setCameraId("c")
            .setSource(FrameSource.upload)
            .setCapturedAt(NOW)
            .setFrame(ref)
            .setFrameWidth(2)
            .setFrameHeight(1)
            .setDetector("haar")
            .setDetectedAt(NOW)
            .setFaces(
                List.of(
                    new DetectedFace(
                        0,
                        box,
                        0.9f,
                        List.of(new Landmark(1f, 2f)),
                        ByteBuffer.wrap(new byte[] {1}))))
            .build();
    Verdicts verdicts =
        Verdicts.newBuilder()
            .setFrameId("f")
            .setCameraId("c")
            .setSource(FrameSource.upload)
            .setCapturedAt(NOW)
            .setFrame(ref)
            .setFrameWidth(2)
            .setFrameHeight(1)
            .setDetector("haar")
            .setModel(new ModelInfo("mask-classifier", "1.0.0", "ab"))
            .setClassifiedAt(NOW)
            .setVerdicts(
                List.of(
                    new FaceVerdict(
                        0, box, 0.9f, FaceLabel.without_mask, 0.8f, Map.of("without_mask", 0.8f))))
            .build();
    CameraDefinition camera =
        CameraDefinition.newBuilder()
            .setCameraId("c")
            .setName("Gate")
            .setSite("hq")
            .setUrl("rtsp://cam")
            .setUpdatedAt(NOW)
            .build();
    CameraStatus status =
        CameraStatus.newBuilder()
            .setCameraId("c")
            .setState(CameraState.streaming)
            .setFps(2f)
            .setFramesSent(10)
            .setFramesDropped(1)
            .setInstance("ingest-0")
            .setReportedAt(NOW)
            .build();
    Alert alert = new Alert("a", "c", "f", ref, 0, box, FaceLabel.mask_weared_incorrect, 0.7f, NOW);

    assertRoundTrip(EventCodec.FRAME, frame);
    assertRoundTrip(EventCodec.FACES, faces);
    assertRoundTrip(EventCodec.VERDICTS, verdicts);
    assertRoundTrip(EventCodec.CAMERA_DEFINITION, camera);
    assertRoundTrip(EventCodec.CAMERA_STATUS, status);
    assertRoundTrip(EventCodec.ALERT, alert);
    assertThat(camera.getSampleFps()).as("schema default").isEqualTo(2.0f);
  }

  @Test
  void theKafkaSerializerWritesWhatTheCodecReads() {
    Alert alert =
        new Alert(
            "a",
            "c",
            "f",
            new FrameRef("frames", 0, 1L),
            0,
            new BoundingBox(1, 2, 3, 4),
            FaceLabel.without_mask,
            0.9f,
            NOW);
    try (EventSerializer serializer = new EventSerializer()) {
      assertThat(EventCodec.ALERT.decode(serializer.serialize(Topics.ALERTS, alert)))
          .isEqualTo(alert);
      assertThat(serializer.serialize(Topics.CAMERAS, null)).as("tombstone").isNull();
    }
  }

  @Test
  void unreadablePayloadsAreRejectedWithAReason() {
    assertThatThrownBy(() -> EventCodec.FRAME.decode(new byte[0]))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("empty payload");
    assertThatThrownBy(() -> EventCodec.FRAME.decode("{\"frameId\":1}".getBytes()))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("not an Avro single-object message");

    Alert alert =
        new Alert(
            "a",
            "c",
            "f",
            new FrameRef("frames", 0, 1L),
            0,
            new BoundingBox(1, 2, 3, 4),
            FaceLabel.without_mask,
            0.9f,
            NOW);
    byte[] alertBytes = EventCodec.ALERT.encode(alert);
    assertThatThrownBy(() -> EventCodec.FRAME.decode(alertBytes))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("schema this build does not know");
    byte[] truncated = Arrays.copyOf(alertBytes, alertBytes.length - 5);
    assertThatThrownBy(() -> EventCodec.ALERT.decode(truncated))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("unreadable Alert");
  }

  private static <T extends SpecificRecordBase> void assertRoundTrip(EventCodec<T> codec, T event) {
    assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
  }

  private static int[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    int[] out = new int[copy.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = copy.get() & 0xFF;
    }
    return out;
  }
}
