package io.maskwatch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameSource;
import io.maskwatch.ingest.KafkaTestSupport;
import io.maskwatch.ingest.ServiceTopics;
import io.maskwatch.ingest.TestImages;
import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.LogConfig;
import io.restassured.filter.log.LogDetail;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ServiceTopics.class)
class UploadResourceTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @ConfigProperty(name = "maskwatch.ingest.max-upload-bytes")
  long maxUploadBytes;

  private KafkaCompanion kafka;

  @BeforeEach
  void connect() {
    kafka = new KafkaCompanion(bootstrapServers);
  }

  @AfterEach
  void disconnect() {
    kafka.close();
  }

  @Test
  void aJpegIsAcceptedAndPublishedUnchangedAsAFrameOfCameraUpload() {
    Path file = TestImages.photo(0);
    byte[] photo = TestImages.bytes(file);
    BufferedImage truth = TestImages.decode(photo);
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    ExtractableResponse<Response> answer =
        given()
            .contentType("image/jpeg")
            .header("X-File-Name", file.getFileName().toString())
            .body(photo)
            .when()
            .post("/api/uploads")
            .then()
            .statusCode(202)
            .contentType(ContentType.JSON)
            .body("status", is("pending"))
            .extract();
    String uploadId = answer.path("uploadId");
    String frameId = answer.path("frameId");
    assertThat(UUID.fromString(uploadId)).isNotNull();
    assertThat(UUID.fromString(frameId)).isNotNull();
    assertThat(answer.header("Location")).endsWith("/api/uploads/" + uploadId);

    ConsumerRecord<String, byte[]> record = KafkaTestSupport.awaitFrame(kafka, uploadId);
    // Keyed by upload id: uploads spread over the partitions (and the services' replicas).
    assertThat(record.key()).isEqualTo(uploadId);
    Frame frame = EventCodec.FRAME.decode(record.value());
    assertThat(frame.getFrameId()).isEqualTo(frameId);
    assertThat(frame.getCameraId()).isEqualTo("upload");
    assertThat(frame.getSource()).isEqualTo(FrameSource.upload);
    assertThat(frame.getCapturedAt()).isBetween(before, Instant.now());
    assertThat(frame.getWidth()).isEqualTo(truth.getWidth());
    assertThat(frame.getHeight()).isEqualTo(truth.getHeight());
    assertThat(frame.getContentType()).isEqualTo("image/jpeg");
    assertThat(bytes(frame.getImage())).isEqualTo(photo);
    assertThat(frame.getAttributes()).containsEntry("fileName", file.getFileName().toString());
  }

  @Test
  void aPngIsAcceptedAndPublishedAsPng() {
    byte[] png = TestImages.reencode(TestImages.bytes(TestImages.photo(1)), "png");

    String uploadId = acceptedUpload("image/png", png);

    Frame frame = EventCodec.FRAME.decode(KafkaTestSupport.awaitFrame(kafka, uploadId).value());
    assertThat(frame.getContentType()).isEqualTo("image/png");
    assertThat(frame.getWidth()).isEqualTo(TestImages.decode(png).getWidth());
    assertThat(bytes(frame.getImage())).isEqualTo(png);
    assertThat(frame.getAttributes()).isEmpty();
  }

  @Test
  void aMultipartFormWithAFilePartIsAccepted() {
    Path file = TestImages.photo(2);

    String uploadId =
        given()
            .multiPart("file", file.toFile(), "image/jpeg")
            .when()
            .post("/api/uploads")
            .then()
            .statusCode(202)
            .body("status", is("pending"))
            .extract()
            .path("uploadId");

    Frame frame = EventCodec.FRAME.decode(KafkaTestSupport.awaitFrame(kafka, uploadId).value());
    assertThat(bytes(frame.getImage())).isEqualTo(TestImages.bytes(file));
    assertThat(frame.getContentType()).isEqualTo("image/jpeg");
    assertThat(frame.getAttributes()).containsEntry("fileName", file.getFileName().toString());
  }

  @Test
  void aPhotoOfSeveralMegabytesGoesThroughKafkaWhole() {
    byte[] large = TestImages.scaledPng(TestImages.bytes(TestImages.photo(3)), 4);
    assertThat(large.length)
        .as("larger than Kafka's default 1 MB message limit")
        .isBetween(2_000_000, (int) maxUploadBytes);

    String uploadId =
        givenLargeBody()
            .contentType("image/png")
            .body(large)
            .when()
            .post("/api/uploads")
            .then()
            .statusCode(202)
            .extract()
            .path("uploadId");

    Frame frame = EventCodec.FRAME.decode(KafkaTestSupport.awaitFrame(kafka, uploadId).value());
    assertThat(bytes(frame.getImage())).isEqualTo(large);
  }

  @Test
  void textIsRefusedWith415NamingTheAcceptedTypes() {
    given()
        .contentType("text/plain")
        .body("a photo, honestly")
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(415)
        .contentType(ContentType.JSON)
        .body("error", containsString("content type text/plain is not accepted"))
        .body("error", containsString("image/jpeg or image/png"))
        .body("accepted", hasItems("image/jpeg", "image/png"));
  }

  @Test
  void aRealGifIsRefusedWith415() {
    byte[] gif = TestImages.reencode(TestImages.bytes(TestImages.photo(4)), "gif");

    given()
        .contentType("image/gif")
        .body(gif)
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(415)
        .body("error", containsString("image/gif"))
        .body("accepted", hasItems("image/jpeg", "image/png"));
    given()
        .multiPart("file", "photo.gif", gif, "image/gif")
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(415)
        .body("error", containsString("image/gif"));
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() {
    byte[] photo = TestImages.bytes(TestImages.photo(5));
    byte[] tooLarge = Arrays.copyOf(photo, (int) maxUploadBytes + 1);

    givenLargeBody()
        .contentType("image/jpeg")
        .body(tooLarge)
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(413)
        .contentType(ContentType.JSON)
        .body("error", containsString("more than the limit of " + maxUploadBytes + " bytes"));
  }

  @Test
  void aTruncatedJpegIsRefusedWith400SayingSo() {
    byte[] truncated = TestImages.truncated(TestImages.bytes(TestImages.photo(6)), 0.5);

    given()
        .contentType("image/jpeg")
        .header("X-File-Name", "cut.jpg")
        .body(truncated)
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(400)
        .contentType(ContentType.JSON)
        .body("error", containsString("cut.jpg: truncated or corrupt JPEG"));
  }

  @Test
  void garbageDeclaredAsJpegIsRefusedWith400() {
    given()
        .contentType("image/jpeg")
        .body("<html>not a photo</html>".getBytes())
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(400)
        .body("error", containsString("declared image/jpeg but the body is data starting with"));
  }

  @Test
  void aPngDeclaredAsJpegIsRefusedWith400() {
    byte[] png = TestImages.reencode(TestImages.bytes(TestImages.photo(7)), "png");

    given()
        .contentType("image/jpeg")
        .body(png)
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(400)
        .body("error", containsString("declared image/jpeg but the body is a PNG image"));
  }

  @Test
  void anEmptyBodyIsRefusedWith400() {
    given()
        .contentType("image/png")
        .body(new byte[0])
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(400)
        .body("error", containsString("empty body"));
  }

  @Test
  void aPngBombClaimingTenGigapixelsIsRefusedWith400BeforeItIsDecoded() {
    // A well-formed PNG of 45 bytes whose header claims 100000x100000 pixels (30 GB decoded).
    ByteBuffer bomb = ByteBuffer.allocate(8 + 25 + 12);
    bomb.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    bomb.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII));
    bomb.putInt(100_000).putInt(100_000).put(new byte[] {8, 2, 0, 0, 0}).putInt(0);
    bomb.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0);

    given()
        .contentType("image/png")
        .header("X-File-Name", "bomb.png")
        .body(bomb.array())
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(400)
        .contentType(ContentType.JSON)
        .body("error", containsString("100000x100000"))
        .body("error", containsString("too large"));
  }

  @Test
  void aHundredMegabyteBodyIsCutOffWith413WithoutBeingRead() throws Exception {
    // Declares 100 MiB (above the HTTP layer's max-body-size) and sends the first MiB of it: the
    // answer must come without the service waiting for, or buffering, the rest.
    try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                  + "Content-Length: "
                  + (100L * 1024 * 1024)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      try {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 16; i++) {
          out.write(chunk);
        }
        out.flush();
      } catch (IOException e) {
        // the server may close the connection as soon as it has answered
      }
      String statusLine =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertThat(statusLine).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void aFormWithoutAFilePartIsRefusedWith400() {
    given()
        .multiPart("picture", "x.jpg", TestImages.bytes(TestImages.photo(0)), "image/jpeg")
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(400)
        .body("error", containsString("no 'file' part"));
  }

  @Test
  void anUnknownUploadIsNotFound() {
    given()
        .when()
        .get("/api/uploads/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType(ContentType.JSON)
        .body("error", containsString("no upload"));
  }

  @Test
  void anUploadIsPendingUntilItsVerdictsArrive() {
    String uploadId = acceptedUpload("image/jpeg", TestImages.bytes(TestImages.photo(1)));

    given()
        .when()
        .get("/api/uploads/" + uploadId)
        .then()
        .statusCode(200)
        .body("uploadId", is(uploadId))
        .body("status", is("pending"))
        .body("faces", nullValue());
  }

  private static String acceptedUpload(String contentType, byte[] body) {
    return given()
        .contentType(contentType)
        .body(body)
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(202)
        .extract()
        .path("uploadId");
  }

  /**
   * REST Assured keeps a log of each request in case it fails, rendering a byte[] body as a list of
   * numbers: for megabytes of them the test heap runs out. These requests log their headers only.
   */
  private static RequestSpecification givenLargeBody() {
    return given()
        .config(
            RestAssured.config()
                .logConfig(
                    LogConfig.logConfig()
                        .enableLoggingOfRequestAndResponseIfValidationFails(LogDetail.HEADERS)));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return copy;
  }
}
