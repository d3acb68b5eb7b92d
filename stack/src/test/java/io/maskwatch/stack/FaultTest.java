package io.maskwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.events.Alert;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.EventSerializer;
import io.maskwatch.events.FaceVerdict;
import io.maskwatch.events.Faces;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import io.maskwatch.stack.bench.MjpegFeed;
import io.maskwatch.stack.client.ClientException;
import io.maskwatch.stack.client.MaskwatchClient;
import io.maskwatch.stack.local.DashboardLogin;
import io.maskwatch.stack.local.LocalStack;
import io.maskwatch.stack.local.PostgresServer;
import io.maskwatch.stack.local.Service;
import io.maskwatch.stack.local.ServiceProcess;
import io.maskwatch.stack.local.StackOptions;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.testing.SharedData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

/**
 * Faults on the whole system as `./maskwatch up` runs it (a Kafka broker process, PostgreSQL, the
 * four services as processes, real scene photos of ../shared): a service SIGKILLed in the middle of
 * a backlog and started again, and the broker stopped for 30 s and started again on the same port
 * and data. One stack serves all cases (each uses frame ids, upload ids and cameras of its own);
 * they run in order, the broker outage last.
 *
 * <p>What must hold: every frame Kafka acknowledged before a fault gets its verdicts and is stored
 * by alert-service, with exactly one alert per violating face (no alert lost, none stored twice; on
 * {@code alerts} a repeat carries the same alert id); the services recover by themselves; camera
 * frames captured while the broker is away are dropped and counted by ingest-service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultTest {

  /** Frames of the backlog a killed service leaves behind. */
  private static final int BACKLOG = 120;

  /** The broker's outage. */
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  /** Long enough for a killed consumer's group to move on (45 s session timeout) on 2 cores. */
  private static final Duration WAIT = Duration.ofMinutes(4);

  private static final Set<String> VIOLATIONS =
      Set.of(MaskLabel.WITHOUT_MASK.wireName(), MaskLabel.MASK_WEARED_INCORRECT.wireName());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path runDir;

  private LocalStack stack;
  private MaskwatchClient client;
  private List<Photo> photos;

  /** A scene photo with its size, as ingest-service would publish it. */
  private record Photo(Path path, byte[] bytes, int width, int height) {}

  @BeforeAll
  void startStack() throws IOException {
    Path scenes = SharedData.kaggleScenes();
    photos = new ArrayList<>();
    for (Path path : SharedData.spread(scenes.resolve("images"), 60)) {
      Mat image = Images.read(path);
      photos.add(new Photo(path, Files.readAllBytes(path), image.width(), image.height()));
      image.release();
    }
    Path home = Path.of(System.getProperty("maskwatch.home"));
    StackOptions options =
        StackOptions.onFreePorts(
            home,
            runDir,
            Optional.empty(),
            System.getProperty("java.class.path"),
            Duration.ofMinutes(4));
    stack = LocalStack.start(options, line -> System.out.println("[stack] " + line));
    client =
        new MaskwatchClient(
            URI.create(stack.baseUrl(Service.INGEST)),
            URI.create(stack.baseUrl(Service.ALERT)),
            DashboardLogin.USER,
            stack.dashboardPassword());
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void faceServiceKilledMidStreamLosesNoFrameAndDuplicatesNoAlert() throws Exception {
    String run = "face-kill-" + shortId();
    try (Watch watch = new Watch(stack.bootstrapServers(), run)) {
      List<String> frames = publishBacklog(run);
      watch.until(() -> watch.faces.size() >= BACKLOG / 10, "faces of a tenth of the backlog");
      ServiceProcess face = stack.instances(Service.FACE).get(0);
      face.process().kill();
      for (int i = 0; i < 10; i++) {
        watch.poll(); // what it published before it died
      }
      int before = watch.faces.size();
      System.out.printf(
          "[faults] face-service killed with %d of %d frames detected%n", before, BACKLOG);
      assertThat(before).as("the kill came mid-stream").isLessThan(BACKLOG);

      stack.restart(face);
      everyFrameGotVerdictsAndOneAlertPerViolation(watch, frames);
    }
  }

  @Test
  @Order(2)
  void alertServiceKilledMidStreamLosesNoFrameAndDuplicatesNoAlert() throws Exception {
    String run = "alert-kill-" + shortId();
    try (Watch watch = new Watch(stack.bootstrapServers(), run)) {
      List<String> frames = publishBacklog(run);
      watch.until(() -> storedFrames(run).size() >= BACKLOG / 10, "a tenth of the backlog stored");
      ServiceProcess alert = stack.instances(Service.ALERT).get(0);
      alert.process().kill();
      int before = storedFrames(run).size();
      System.out.printf(
          "[faults] alert-service killed with %d of %d frames stored%n", before, BACKLOG);
      assertThat(before).as("the kill came mid-stream").isLessThan(BACKLOG);

      stack.restart(alert);
      everyFrameGotVerdictsAndOneAlertPerViolation(watch, frames);
    }
  }

  @Test
  @Order(3)
  void ingestServiceKilledMidStreamLosesNoAcceptedUploadAndPullsItsCameraAgain() throws Exception {
    String run = "ingest-kill-" + shortId();
    String camera = run;
    try (Watch watch = new Watch(stack.bootstrapServers(), run);
        MjpegFeed feed = MjpegFeed.start(List.of(photos.get(1).bytes()), 5)) {
      registerCamera(camera, feed.url(0), 2);
      watch.until(() -> watch.verdictsOfCamera(camera).size() >= 2, "the camera's first verdicts");

      // Photos are uploaded one after another while ingest-service is killed and started again;
      // an upload whose answer was 202 must not be lost, one that failed the client knows about.
      List<MaskwatchClient.Upload> accepted = new CopyOnWriteArrayList<>();
      AtomicInteger failed = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      Thread uploader =
          new Thread(
              () -> {
                for (int i = 0; !stop.get(); i++) {
                  try {
                    accepted.add(client.upload(photos.get(i % photos.size()).path()));
                  } catch (ClientException e) {
                    failed.incrementAndGet();
                    MaskwatchClient.pause(200);
                  }
                }
              },
              "uploader");
      uploader.setDaemon(true);
      uploader.start();
      Instant restarted;
      int atKill;
      try {
        watch.until(() -> accepted.size() >= 10, "10 uploads accepted");
        ServiceProcess ingest = stack.instances(Service.INGEST).get(0);
        ingest.process().kill();
        atKill = accepted.size();
        stack.restart(ingest);
        restarted = Instant.now();
        watch.until(() -> accepted.size() >= atKill + 10, "10 uploads accepted after the restart");
      } finally {
        stop.set(true);
        uploader.join(60_000);
      }
      System.out.printf(
          "[faults] ingest-service killed after %d accepted uploads; %d accepted in all, %d failed"
              + " while it was away%n",
          atKill, accepted.size(), failed.get());

      everyFrameGotVerdictsAndOneAlertPerViolation(
          watch, accepted.stream().map(MaskwatchClient.Upload::frameId).toList());
      // The new instance answers every accepted upload, those the killed one took too.
      for (MaskwatchClient.Upload upload : accepted) {
        assertThat(client.awaitResult(upload.uploadId(), WAIT).path("faces").size())
            .as("faces of upload %s", upload.uploadId())
            .isEqualTo(watch.verdicts.get(upload.frameId()).getVerdicts().size());
      }
      // It pulls the camera again (the registry is read back from the cameras topic).
      watch.until(
          () ->
              watch.verdictsOfCamera(camera).values().stream()
                  .anyMatch(v -> v.getCapturedAt().isAfter(restarted)),
          "verdicts of a frame the camera captured after the restart");
      assertThat(cameraStatus(camera).path("state").asText()).isEqualTo("streaming");
      deleteCamera(camera);
    }
  }

  @Test
  @Order(4)
  void brokerStoppedFor30sAndRestartedLosesNothingItHadAndCountsWhatItMissed() throws Exception {
    String run = "outage-" + shortId();
    String camera = run;
    Photo view = photos.get(0);
    try (Watch watch = new Watch(stack.bootstrapServers(), run);
        MjpegFeed feed = MjpegFeed.start(List.of(view.bytes()), 5)) {
      registerCamera(camera, feed.url(0), 2);
      watch.until(
          () ->
              watch.verdictsOfCamera(camera).size() >= 3 && !storedFramesOfCamera(camera).isEmpty(),
          "the camera's first verdicts, stored");

      // A backlog in flight when the broker goes: frames Kafka has acknowledged, some of them
      // not yet through face-, mask- or alert-service.
      List<String> backlog = publishBacklog(run, 40);
      watch.poll();
      Set<String> verdictsBeforeStop = new HashSet<>(watch.verdicts.keySet());
      JsonNode statusBefore = cameraStatus(camera);

      stack.stopKafka();
      Instant stopped = Instant.now();
      // An upload meanwhile is refused (503): nothing is accepted that Kafka did not take.
      assertThatThrownBy(() -> client.upload(view.path()))
          .as("an upload while Kafka is away")
          .isInstanceOf(ClientException.class)
          .hasMessageContaining("503");
      List<String> readiness = new ArrayList<>();
      while (Instant.now().isBefore(stopped.plus(OUTAGE))) {
        readiness.add(readinessLine());
        Thread.sleep(5000);
      }
      JsonNode statusDuring = cameraStatus(camera);
      System.out.println("[faults] readiness while Kafka was away: " + readiness);
      stack.restartKafka();
      Instant restarted = Instant.now();

      // Every service recovers by itself.
      for (Service service : Service.values()) {
        for (ServiceProcess instance : stack.instances(service)) {
          awaitReady(instance);
          assertThat(instance.process().isAlive()).as(instance.name()).isTrue();
        }
      }
      System.out.printf(
          "[faults] all services ready %d s after Kafka was back%n",
          Duration.between(restarted, Instant.now()).toSeconds());

      // Frames flow again end to end: the camera's new frames get verdicts and are stored, and
      // an upload is accepted and answered.
      watch.until(
          () ->
              watch.verdictsOfCamera(camera).values().stream()
                  .anyMatch(v -> v.getCapturedAt().isAfter(restarted)),
          "verdicts of a frame the camera captured after the restart");
      String afterRestart =
          watch.verdictsOfCamera(camera).values().stream()
              .filter(v -> v.getCapturedAt().isAfter(restarted))
              .findFirst()
              .orElseThrow()
              .getFrameId();
      watch.until(
          () -> storedFramesOfCamera(camera).contains(afterRestart),
          "the new frame stored by alert-service");
      MaskwatchClient.Upload upload = client.upload(view.path());
      assertThat(client.awaitResult(upload.uploadId(), WAIT).path("status").asText())
          .isEqualTo("done");

      // Nothing Kafka had before the stop is lost: the backlog gets all its verdicts, and every
      // verdict that was in Kafka is stored by alert-service, with one alert per violation.
      everyFrameGotVerdictsAndOneAlertPerViolation(watch, backlog);
      watch.until(
          () -> {
            Set<String> stored = storedFrames(run);
            stored.addAll(storedFramesOfCamera(camera));
            return stored.containsAll(verdictsBeforeStop);
          },
          "every verdict in Kafka before the stop stored by alert-service");

      // Frames captured while the broker was away were dropped and counted.
      JsonNode statusAfter = cameraStatus(camera);
      long dropped =
          statusAfter.path("framesDropped").asLong() - statusBefore.path("framesDropped").asLong();
      System.out.printf(
          "[faults] camera before the stop %s%n  during the outage %s%n  after the restart %s%n",
          statusBefore, statusDuring, statusAfter);
      assertThat(statusAfter.path("state").asText()).isEqualTo("streaming");
      assertThat(statusAfter.path("framesSent").asLong())
          .as("frames sent after the restart")
          .isGreaterThan(statusBefore.path("framesSent").asLong());
      // 2 frames/s for 30 s; those of the last ~10 s may still reach Kafka from the producer's
      // buffer once it is back (its delivery timeout is 10 s).
      assertThat(dropped).as("camera frames dropped during a %s outage", OUTAGE).isGreaterThan(15);
      assertThat(statusDuring.path("framesDropped").asLong())
          .as("drops counted while Kafka is away")
          .isGreaterThan(statusBefore.path("framesDropped").asLong());
      deleteCamera(camera);
    }
  }

  // --- the checks -------------------------------------------------------------------------------

  /**
   * Every frame gets verdicts, is stored by alert-service once, with one alert per violating face
   * (none lost, none twice: one alert id per face, one alert per track), and every stored alert
   * reached {@code alerts}, where a repeat carries the same id.
   */
  private void everyFrameGotVerdictsAndOneAlertPerViolation(Watch watch, List<String> frames)
      throws Exception {
    Set<String> expected = new HashSet<>(frames);
    watch.until(
        () -> watch.verdicts.keySet().containsAll(expected), "verdicts of all " + frames.size());
    watch.until(
        () -> storedFrames(expected).size() == expected.size(),
        "all " + frames.size() + " frames stored by alert-service");

    Map<String, Integer> violations = new HashMap<>();
    int faces = 0;
    for (String frame : frames) {
      List<FaceVerdict> verdicts = watch.verdicts.get(frame).getVerdicts();
      faces += verdicts.size();
      violations.put(
          frame,
          (int) verdicts.stream().filter(v -> VIOLATIONS.contains(v.getLabel().name())).count());
    }
    int expectedAlerts = violations.values().stream().mapToInt(Integer::intValue).sum();
    List<StoredAlert> stored = storedAlerts(expected);
    Map<String, Integer> storedPerFrame = new HashMap<>();
    stored.forEach(a -> storedPerFrame.merge(a.frameId(), 1, Integer::sum));
    for (String frame : frames) {
      assertThat(storedPerFrame.getOrDefault(frame, 0))
          .as("alerts stored for frame %s (violating faces in its verdicts)", frame)
          .isEqualTo(violations.get(frame));
    }
    assertThat(stored.stream().map(StoredAlert::alertId).distinct().count())
        .isEqualTo(stored.size());
    assertThat(stored.stream().map(a -> a.frameId() + "/" + a.faceIndex()).distinct().count())
        .as("one alert per face")
        .isEqualTo(stored.size());
    assertThat(stored.stream().map(StoredAlert::trackId).filter(t -> t != null).distinct().count())
        .as("one alert per track")
        .isEqualTo(stored.stream().filter(a -> a.trackId() != null).count());

    Set<String> storedIds = new HashSet<>();
    stored.forEach(a -> storedIds.add(a.alertId()));
    watch.until(
        () -> watch.alertIds(expected).containsAll(storedIds),
        "every stored alert on the alerts topic");
    watch.alertsByFace.forEach(
        (face, ids) ->
            assertThat(ids).as("alert ids on the alerts topic for face %s", face).hasSize(1));
    assertThat(watch.alertIds(expected)).isEqualTo(storedIds);
    System.out.printf(
        "[faults] %s: %d frames, %d faces, %d verdict records (%d repeats), %d alerts stored,"
            + " %d alert records on the topic (%d repeats with the same id)%n",
        watch.run,
        frames.size(),
        faces,
        watch.verdictRecords,
        watch.verdictRecords - watch.verdicts.size(),
        expectedAlerts,
        watch.alertRecords,
        watch.alertRecords - watch.alertIds().size());
  }

  private record StoredAlert(String alertId, String frameId, int faceIndex, String trackId) {}

  /** The alerts alert-service stored for these frames. */
  private List<StoredAlert> storedAlerts(Set<String> frames) throws SQLException {
    List<StoredAlert> alerts = new ArrayList<>();
    try (Connection db = database();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT alert_id, frame_id, face_index, track_id FROM alerts"
                    + " WHERE frame_id = ANY(?)")) {
      query.setArray(1, db.createArrayOf("text", frames.toArray()));
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          alerts.add(
              new StoredAlert(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
        }
      }
    }
    return alerts;
  }

  /** Ids of the frames alert-service stored whose id starts with {@code prefix}. */
  private Set<String> storedFrames(String prefix) {
    return frameIds("SELECT frame_id FROM frames WHERE frame_id LIKE ?", prefix + "%");
  }

  /** Those of {@code frames} that alert-service stored. */
  private Set<String> storedFrames(Set<String> frames) {
    return frameIds("SELECT frame_id FROM frames WHERE frame_id = ANY(?)", frames);
  }

  private Set<String> storedFramesOfCamera(String camera) {
    return frameIds("SELECT frame_id FROM frames WHERE camera_id = ?", camera);
  }

  private Set<String> frameIds(String sql, Object parameter) {
    Set<String> ids = new HashSet<>();
    try (Connection db = database();
        PreparedStatement query = db.prepareStatement(sql)) {
      if (parameter instanceof Set<?> set) {
        query.setArray(1, db.createArrayOf("text", set.toArray()));
      } else {
        query.setString(1, (String) parameter);
      }
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new AssertionError("reading alert-service's frames: " + e.getMessage(), e);
    }
    return ids;
  }

  private Connection database() throws SQLException {
    return DriverManager.getConnection(
        stack.postgresJdbcUrl(), PostgresServer.USER, PostgresServer.USER);
  }

  // --- feeding the system -----------------------------------------------------------------------

  private List<String> publishBacklog(String run) {
    return publishBacklog(run, BACKLOG);
  }

  /**
   * {@code count} photo uploads, published to {@code frames} as ingest-service publishes them
   * (source upload, camera {@code upload}, keyed by upload id), all acknowledged by Kafka.
   */
  private List<String> publishBacklog(String run, int count) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(11 * 1024 * 1024));
    List<String> frames = new ArrayList<>();
    try (KafkaProducer<String, Frame> producer = new KafkaProducer<>(props)) {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Photo photo = photos.get(i % photos.size());
        String frameId = run + "-frame-" + i;
        String uploadId = run + "-upload-" + i;
        Frame frame =
            Frame.newBuilder()
                .setFrameId(frameId)
                .setCameraId("upload")
                .setSource(FrameSource.upload)
                .setCapturedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setWidth(photo.width())
                .setHeight(photo.height())
                .setContentType("image/jpeg")
                .setImage(ByteBuffer.wrap(photo.bytes()))
                .setUploadId(uploadId)
                .setAttributes(Map.of("fileName", photo.path().getFileName().toString()))
                .build();
        sent.add(producer.send(new ProducerRecord<>(Topics.FRAMES, uploadId, frame)));
        frames.add(frameId);
      }
      for (var future : sent) {
        future.get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError("publishing the backlog: " + e, e);
    }
    return frames;
  }

  private void registerCamera(String id, String url, int fps) throws Exception {
    String body =
        String.format(
            Locale.ROOT,
            "{\"id\":\"%s\",\"name\":\"fault test\",\"site\":\"faults\",\"url\":\"%s\","
                + "\"sampleFps\":%d,\"enabled\":true}",
            id,
            url,
            fps);
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.baseUrl(Service.INGEST) + "/api/cameras"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private void deleteCamera(String id) throws Exception {
    HTTP.send(
        HttpRequest.newBuilder(URI.create(stack.baseUrl(Service.INGEST) + "/api/cameras/" + id))
            .timeout(Duration.ofSeconds(30))
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private JsonNode cameraStatus(String id) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(stack.baseUrl(Service.INGEST) + "/api/cameras/" + id + "/status"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  // --- health -----------------------------------------------------------------------------------

  private static int readiness(ServiceProcess instance) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/q/health/ready"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String readinessLine() {
    Map<String, Integer> codes = new LinkedHashMap<>();
    for (Service service : Service.values()) {
      for (ServiceProcess instance : stack.instances(service)) {
        codes.put(instance.name(), readiness(instance));
      }
    }
    return codes.toString();
  }

  private static void awaitReady(ServiceProcess instance) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (readiness(instance) != 200) {
      assertThat(Instant.now())
          .as("%s ready again within %s; see %s", instance.name(), WAIT, instance.process().log())
          .isBefore(deadline);
      Thread.sleep(500);
    }
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  // --- what goes over the topics ----------------------------------------------------------------

  /**
   * Reads {@code faces}, {@code verdicts} and {@code alerts} from their ends (as they were when it
   * was made) and keeps what concerns frames whose id starts with {@code run}.
   */
  private static final class Watch implements AutoCloseable {

    final String run;
    final KafkaConsumer<String, byte[]> consumer;
    final Set<String> faces = new HashSet<>();
    final Map<String, Verdicts> verdicts = new LinkedHashMap<>();
    final Map<String, Set<String>> alertsByFace = new HashMap<>();
    int verdictRecords;
    int alertRecords;

    Watch(String bootstrap, String run) {
      this.run = run;
      Properties props = new Properties();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic :
          List.of(
              io.maskwatch.events.Topics.FACES,
              io.maskwatch.events.Topics.VERDICTS,
              io.maskwatch.events.Topics.ALERTS)) {
        consumer
            .partitionsFor(topic, Duration.ofSeconds(10))
            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
    }

    void poll() {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        switch (record.topic()) {
          case io.maskwatch.events.Topics.FACES -> {
            Faces f = EventCodec.FACES.decode(record.value());
            if (mine(f.getFrameId(), f.getCameraId())) {
              faces.add(f.getFrameId());
            }
          }
          case io.maskwatch.events.Topics.VERDICTS -> {
            Verdicts v = EventCodec.VERDICTS.decode(record.value());
            // Camera frames have ids of their own: the run names the camera.
            if (mine(v.getFrameId(), v.getCameraId())) {
              verdictRecords++;
              verdicts.put(v.getFrameId(), v);
            }
          }
          case io.maskwatch.events.Topics.ALERTS -> {
            Alert a = EventCodec.ALERT.decode(record.value());
            if (mine(a.getFrameId(), a.getCameraId())) {
              alertRecords++;
              alertsByFace
                  .computeIfAbsent(a.getFrameId() + "/" + a.getFaceIndex(), k -> new HashSet<>())
                  .add(a.getAlertId());
            }
          }
          default -> {}
        }
      }
    }

    /**
     * Frames of this run (their ids start with it), of its cameras (named after it), and uploads
     * through ingest-service (which names their frames itself): the run's checks pick theirs.
     */
    private boolean mine(String frameId, String cameraId) {
      return frameId.startsWith(run) || cameraId.startsWith(run) || cameraId.equals("upload");
    }

    Map<String, Verdicts> verdictsOfCamera(String camera) {
      Map<String, Verdicts> found = new LinkedHashMap<>();
      verdicts.forEach(
          (id, v) -> {
            if (camera.equals(v.getCameraId())) {
              found.put(id, v);
            }
          });
      return found;
    }

    Set<String> alertIds() {
      Set<String> ids = new HashSet<>();
      alertsByFace.values().forEach(ids::addAll);
      return ids;
    }

    /** Ids of the alerts read for faces of these frames. */
    Set<String> alertIds(Set<String> frames) {
      Set<String> ids = new HashSet<>();
      alertsByFace.forEach(
          (face, alertIds) -> {
            if (frames.contains(face.substring(0, face.lastIndexOf('/')))) {
              ids.addAll(alertIds);
            }
          });
      return ids;
    }

    /** Polls until {@code done} holds, failing after {@link #WAIT}. */
    void until(BooleanSupplier done, String what) {
      Instant deadline = Instant.now().plus(WAIT);
      while (true) {
        poll();
        if (done.getAsBoolean()) {
          return;
        }
        assertThat(Instant.now()).as("%s within %s", what, WAIT).isBefore(deadline);
      }
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
