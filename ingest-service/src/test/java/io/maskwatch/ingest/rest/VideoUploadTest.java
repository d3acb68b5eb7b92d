package io.maskwatch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Topics;
import io.maskwatch.ingest.KafkaTestSupport;
import io.maskwatch.ingest.ServiceTopics;
import io.maskwatch.ingest.TestImages;
import io.maskwatch.ingest.TestVideos;
import io.maskwatch.ingest.Uploads;
import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Video uploads of the real clips of ../shared/data/videos: sampled into frames that arrive in
 * {@code frames} with the upload's id, reported frame by frame until every verdict is in; bad
 * videos refused with nothing published.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ServiceTopics.class)
class VideoUploadTest {

  private KafkaCompanion kafka;

  @BeforeEach
  void connect() {
    kafka = new KafkaCompanion(KafkaBrokerResource.bootstrapServers());
  }

  @AfterEach
  void disconnect() {
    kafka.close();
  }

  /** The upload's frames in {@code frames}, the first {@code count} of them. */
  private List<Frame> frames(String uploadId, int count) {
    ConsumerTask<String, byte[]> task =
        kafka
            .consume(String.class, byte[].class)
            .withGroupId("test-" + UUID.randomUUID())
            .withProp(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
            .fromTopics(
                Set.of(Topics.FRAMES),
                records ->
                    records
                        .filter(
                            r -> uploadId.equals(EventCodec.FRAME.decode(r.value()).getUploadId()))
                        .select()
                        .first(count));
    try {
      task.awaitCompletion(Duration.ofSeconds(60));
      return task.getRecords().stream().map(r -> EventCodec.FRAME.decode(r.value())).toList();
    } finally {
      task.stop();
    }
  }

  @Test
  void anAviIsSampledIntoFramesOfOneUploadReportedUntilAllVerdictsAreIn() {
    byte[] video = TestImages.bytes(TestVideos.video("vtest.avi"));

    JsonPath answer =
        given()
            .contentType("video/x-msvideo")
            .header("X-File-Name", "vtest.avi")
            .body(video)
            .post("/api/uploads")
            .then()
            .statusCode(202)
            .body("status", is("pending"))
            .body("kind", is("video"))
            .body("framesDone", is(0))
            .extract()
            .jsonPath();
    String uploadId = answer.getString("uploadId");
    int expected = answer.getInt("framesExpected");
    // 79.5 s of video at the default 2 frames per second of video.
    assertThat(expected).isBetween(158, 161);
    List<String> frameIds = answer.getList("frames.frameId", String.class);
    assertThat(frameIds).hasSize(expected).doesNotHaveDuplicates();
    assertThat(answer.getList("frames.offsetMs", Long.class).subList(0, 3))
        .containsExactly(0L, 500L, 1000L);

    List<Frame> frames = frames(uploadId, expected);
    assertThat(frames).hasSize(expected);
    assertThat(frames.stream().map(Frame::getFrameId).toList()).containsExactlyElementsOf(frameIds);
    for (int i = 0; i < frames.size(); i++) {
      Frame frame = frames.get(i);
      assertThat(frame.getCameraId()).isEqualTo(Uploads.CAMERA_ID);
      assertThat(frame.getSource()).isEqualTo(FrameSource.upload);
      assertThat(frame.getContentType()).isEqualTo("image/jpeg");
      assertThat(frame.getWidth()).isEqualTo(768);
      assertThat(frame.getHeight()).isEqualTo(576);
      assertThat(frame.getAttributes())
          .containsEntry("fileName", "vtest.avi")
          .containsEntry("videoFrameIndex", Integer.toString(i))
          .containsEntry("videoFrameCount", Integer.toString(expected))
          .containsEntry("videoOffsetMs", Long.toString(i * 500L));
    }
    byte[] jpeg = new byte[frames.get(3).getImage().remaining()];
    frames.get(3).getImage().duplicate().get(jpeg);
    assertThat(TestImages.decode(jpeg).getHeight()).isEqualTo(576);

    // Verdicts of two frames: still pending, two done, each frame reported as a photo is.
    for (String frameId : frameIds.subList(0, 2)) {
      KafkaTestSupport.produce(
          kafka,
          Topics.VERDICTS,
          Uploads.CAMERA_ID,
          EventCodec.VERDICTS.encode(KafkaTestSupport.uploadVerdicts(uploadId, frameId)));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                given()
                    .get("/api/uploads/" + uploadId)
                    .then()
                    .statusCode(200)
                    .body("status", is("pending"))
                    .body("framesExpected", is(expected))
                    .body("framesDone", is(2))
                    .body("frames[0].status", is("done"))
                    .body("frames[0].faces[0].label", is("without_mask"))
                    .body("frames[0].model.name", is("mask-classifier"))
                    .body("frames[1].index", is(1))
                    .body("frames[2].status", is("pending")));

    for (String frameId : frameIds.subList(2, expected)) {
      KafkaTestSupport.produce(
          kafka,
          Topics.VERDICTS,
          Uploads.CAMERA_ID,
          EventCodec.VERDICTS.encode(KafkaTestSupport.uploadVerdicts(uploadId, frameId)));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/api/uploads/" + uploadId)
                    .then()
                    .body("status", is("done"))
                    .body("framesDone", is(expected)));
  }

  @Test
  void aVideoInAFormIsTakenByItsFileName() {
    Path video = TestVideos.video("syzygy126_test.avi");

    String uploadId =
        given()
            .multiPart("file", video.toFile(), "application/octet-stream")
            .post("/api/uploads")
            .then()
            .statusCode(202)
            .body("kind", is("video"))
            .extract()
            .path("uploadId");
    int expected = given().get("/api/uploads/" + uploadId).then().extract().path("framesExpected");
    // 11 s of clip, frames at 0 s and from 4.55 s on, two per second.
    assertThat(expected).isBetween(12, 15);

    List<Frame> frames = frames(uploadId, expected);
    assertThat(frames)
        .hasSize(expected)
        .allSatisfy(
            f -> {
              assertThat(f.getWidth()).isEqualTo(1280);
              assertThat(f.getHeight()).isEqualTo(720);
              assertThat(f.getAttributes()).containsEntry("fileName", "syzygy126_test.avi");
            });
  }

  @Test
  void badVideosAreRefusedWith400AndNothingIsPublished() throws IOException {
    String marker = "broken-" + UUID.randomUUID() + ".mp4";
    byte[] noise = new byte[300_000];
    new Random(7).nextBytes(noise);
    given()
        .contentType("video/mp4")
        .header("X-File-Name", marker)
        .body(noise)
        .post("/api/uploads")
        .then()
        .statusCode(400)
        .body("error", containsString(marker + ": not a video FFmpeg can read"));

    given()
        .contentType("video/mp4")
        .header("X-File-Name", marker)
        .body(new byte[0])
        .post("/api/uploads")
        .then()
        .statusCode(400)
        .body("error", containsString("empty body, no video"));

    byte[] head = Arrays.copyOf(Files.readAllBytes(TestVideos.video("vtest.avi")), 2048);
    given()
        .contentType("application/octet-stream")
        .header("X-File-Name", marker)
        .body(head)
        .post("/api/uploads")
        .then()
        .statusCode(400)
        .body("error", containsString(marker));

    // A photo after them. Each upload is keyed by its own id, so their frames may lie on any
    // partition: once the photo's frame is in, the whole topic is read to its end, and no frame
    // of the broken videos may be there (they were refused before anything was sent).
    String photoId =
        given()
            .contentType("image/jpeg")
            .body(TestImages.bytes(TestImages.photo(1)))
            .post("/api/uploads")
            .then()
            .statusCode(202)
            .extract()
            .path("uploadId");
    KafkaTestSupport.awaitFrame(kafka, photoId);
    List<ConsumerRecord<String, byte[]>> all = KafkaTestSupport.readToEnd(Topics.FRAMES);
    assertThat(all)
        .anyMatch(r -> photoId.equals(EventCodec.FRAME.decode(r.value()).getUploadId()))
        .noneMatch(
            r -> marker.equals(EventCodec.FRAME.decode(r.value()).getAttributes().get("fileName")));
  }

  @Test
  void aVideoOverTheLimitIsRefusedWith413AndOtherTypesWith415() {
    byte[] large = new byte[9_437_185];
    given()
        .contentType("video/mp4")
        .body(large)
        .post("/api/uploads")
        .then()
        .statusCode(413)
        .body("error", containsString("more than the limit of 9437184 bytes"));

    given()
        .contentType("application/octet-stream")
        .header("X-File-Name", "notes.txt")
        .body(new byte[] {1, 2, 3})
        .post("/api/uploads")
        .then()
        .statusCode(415)
        .body("accepted", hasItems("image/jpeg", "video/mp4", "video/x-msvideo"));
  }
}
