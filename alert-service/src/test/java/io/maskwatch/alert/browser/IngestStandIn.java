package io.maskwatch.alert.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.maskwatch.alert.support.Pipeline;
import io.maskwatch.alert.support.VocScene;
import io.maskwatch.events.CameraDefinition;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.FaceVerdict;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Topics;
import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What ingest-service and the pipeline behind it would do, for alert-service's forwarding of
 * uploads and camera changes ({@code maskwatch.alert.ingest-url}); ingest, face-service and
 * mask-service do not run in alert-service's tests.
 *
 * <ul>
 *   <li>{@code POST /api/uploads}: a JPEG or PNG body (else 415) is published to {@code frames} as
 *       ingest publishes it (camera {@code upload}, source upload, an upload id), answered 202
 *       {@code {uploadId, frameId, status: pending}}. Its verdicts go to {@code verdicts}: the
 *       faces are the photo's hand-drawn VOC boxes and labels when {@code X-File-Name} names a
 *       kaggle853-dev scene (the boxes a detector should find), none otherwise (a webcam frame).
 *   <li>{@code GET /api/uploads/{id}}: {@code pending} on the first ask, then {@code done} with the
 *       faces, as ingest answers once the verdicts are back; 404 for an unknown id.
 *   <li>{@code POST /api/cameras}, {@code PUT /api/cameras/{id}}, {@code DELETE}: the definition
 *       (or a tombstone) on the compacted {@code cameras} topic, as ingest's registry writes it.
 * </ul>
 */
public class IngestStandIn implements QuarkusTestResourceLifecycleManager {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, ObjectNode> uploads = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
  private HttpServer server;
  private KafkaProducer<String, byte[]> producer;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("ingest stand-in did not start", e);
    }
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/api/uploads", this::uploads);
    server.createContext("/api/cameras", this::cameras);
    server.start();
    return Map.of(
        "maskwatch.alert.ingest-url", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Started after every other resource: its {@code maskwatch.alert.ingest-url} wins over any other
   * stand-in's (the later resource's properties replace the earlier ones').
   */
  @Override
  public int order() {
    return Integer.MAX_VALUE;
  }

  @Override
  public void stop() {
    if (server != null) server.stop(0);
    if (producer != null) producer.close();
  }

  private synchronized KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  KafkaBrokerResource.bootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all"),
              new StringSerializer(),
              new ByteArraySerializer());
    }
    return producer;
  }

  private RecordMetadata send(String topic, String key, byte[] value) throws IOException {
    try {
      return producer().send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IOException("Kafka refused the record: " + e, e);
    }
  }

  private void uploads(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if ("POST".equals(exchange.getRequestMethod()) && path.equals("/api/uploads")) {
        accept(exchange);
      } else if ("GET".equals(exchange.getRequestMethod()) && path.startsWith("/api/uploads/")) {
        String id = path.substring("/api/uploads/".length());
        ObjectNode upload = uploads.get(id);
        if (upload == null) {
          answer(exchange, 404, JSON.createObjectNode().put("error", "no upload " + id));
        } else if (asked.get(id).getAndIncrement() == 0) {
          answer(
              exchange,
              200,
              JSON.createObjectNode()
                  .put("uploadId", id)
                  .put("frameId", upload.get("frameId").asText())
                  .put("status", "pending"));
        } else {
          answer(exchange, 200, upload);
        }
      } else {
        answer(exchange, 405, JSON.createObjectNode().put("error", "not here"));
      }
    }
  }

  private void accept(HttpExchange exchange) throws IOException {
    String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (!type.startsWith("image/jpeg") && !type.startsWith("image/png")) {
      ObjectNode refused = JSON.createObjectNode().put("error", "not a JPEG or PNG: " + type);
      refused.putArray("accepted").add("image/jpeg").add("image/png");
      answer(exchange, 415, refused);
      return;
    }
    byte[] picture = exchange.getRequestBody().readAllBytes();
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(picture));
    if (image == null) {
      answer(exchange, 400, JSON.createObjectNode().put("error", "not a readable picture"));
      return;
    }
    String fileName = exchange.getRequestHeaders().getFirst("X-File-Name");
    String uploadId = UUID.randomUUID().toString();
    Frame frame =
        Frame.newBuilder()
            .setFrameId(UUID.randomUUID().toString())
            .setCameraId("upload")
            .setSource(FrameSource.upload)
            .setUploadId(uploadId)
            .setCapturedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
            .setWidth(image.getWidth())
            .setHeight(image.getHeight())
            .setContentType(type.startsWith("image/png") ? "image/png" : "image/jpeg")
            .setImage(ByteBuffer.wrap(picture))
            .setAttributes(fileName == null ? Map.of() : Map.of("file", fileName))
            .build();
    RecordMetadata written = send(Topics.FRAMES, "upload", EventCodec.FRAME.encode(frame));
    FrameRef ref = new FrameRef(written.topic(), written.partition(), written.offset());
    List<FaceVerdict> faces = new ArrayList<>();
    for (VocScene.Face face : annotatedFaces(fileName)) {
      faces.add(Pipeline.verdict(faces.size(), face, FaceLabel.valueOf(face.label()), 0.93f));
    }
    send(
        Topics.VERDICTS,
        "upload",
        EventCodec.VERDICTS.encode(Pipeline.verdicts(frame, ref, faces)));

    ObjectNode done = JSON.createObjectNode();
    done.put("uploadId", uploadId).put("frameId", frame.getFrameId()).put("status", "done");
    done.put("detector", "yunet");
    done.putObject("model")
        .put("name", Pipeline.MODEL.getName())
        .put("version", Pipeline.MODEL.getVersion())
        .put("sha256", Pipeline.MODEL.getSha256());
    ArrayNode list = done.putArray("faces");
    for (FaceVerdict face : faces) {
      ObjectNode entry = list.addObject();
      entry.put("index", face.getIndex());
      entry
          .putObject("box")
          .put("x", face.getBox().getX())
          .put("y", face.getBox().getY())
          .put("width", face.getBox().getWidth())
          .put("height", face.getBox().getHeight());
      entry.put("label", face.getLabel().name()).put("confidence", face.getConfidence());
    }
    uploads.put(uploadId, done);
    asked.put(uploadId, new AtomicInteger());
    exchange.getResponseHeaders().add("Location", "/api/uploads/" + uploadId);
    answer(
        exchange,
        202,
        JSON.createObjectNode()
            .put("uploadId", uploadId)
            .put("frameId", frame.getFrameId())
            .put("status", "pending"));
  }

  /** The VOC faces of the kaggle853-dev scene of that file name; none for any other picture. */
  private static List<VocScene.Face> annotatedFaces(String fileName) {
    if (fileName == null || !fileName.matches("maksssksksss\\d+\\.(jpg|png)")) return List.of();
    return VocScene.first(
            fileName, scene -> scene.image().getFileName().toString().equals(fileName))
        .faces();
  }

  private void cameras(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String id = path.startsWith("/api/cameras/") ? path.substring("/api/cameras/".length()) : "";
      if ("DELETE".equals(method) && !id.isEmpty()) {
        send(Topics.CAMERAS, id, null);
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      if (!"POST".equals(method) && !"PUT".equals(method)) {
        answer(exchange, 405, JSON.createObjectNode().put("error", "not here"));
        return;
      }
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      if (id.isEmpty()) id = body.path("id").asText("");
      if (!id.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
        answer(
            exchange,
            400,
            JSON.createObjectNode().put("error", "not a camera id").put("field", "id"));
        return;
      }
      if (body.path("site").asText("").isBlank()) {
        answer(
            exchange,
            400,
            JSON.createObjectNode().put("error", "site is required").put("field", "site"));
        return;
      }
      CameraDefinition camera =
          CameraDefinition.newBuilder()
              .setCameraId(id)
              .setName(body.path("name").asText(id))
              .setSite(body.path("site").asText())
              .setZone(body.hasNonNull("zone") ? body.get("zone").asText() : null)
              .setUrl(body.path("url").asText())
              .setSampleFps((float) body.path("sampleFps").asDouble(2.0))
              .setEnabled(body.path("enabled").asBoolean(true))
              .setUpdatedAt(Instant.now())
              .build();
      send(Topics.CAMERAS, id, EventCodec.CAMERA_DEFINITION.encode(camera));
      ObjectNode answer = JSON.createObjectNode();
      answer.put("id", id).put("name", camera.getName()).put("site", camera.getSite());
      answer.put("zone", camera.getZone()).put("url", camera.getUrl());
      answer.put("sampleFps", camera.getSampleFps()).put("enabled", camera.getEnabled());
      if ("POST".equals(method))
        exchange.getResponseHeaders().add("Location", "/api/cameras/" + id);
      answer(exchange, "POST".equals(method) ? 201 : 200, answer);
    }
  }

  private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
