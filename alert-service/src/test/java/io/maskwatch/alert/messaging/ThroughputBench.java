package io.maskwatch.alert.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.maskwatch.alert.RuleService;
import io.maskwatch.alert.VerdictRecorder;
import io.maskwatch.alert.domain.AnalysedFrame;
import io.maskwatch.alert.domain.ViolationPolicy;
import io.maskwatch.alert.domain.rules.RuleSet;
import io.maskwatch.alert.domain.tracking.Tracker;
import io.maskwatch.alert.domain.tracking.TrackingSettings;
import io.maskwatch.alert.store.AlertRepository;
import io.maskwatch.alert.store.ComplianceRepository;
import io.maskwatch.alert.store.FrameRepository;
import io.maskwatch.alert.store.NotificationRepository;
import io.maskwatch.alert.store.RuleRepository;
import io.maskwatch.alert.store.SiteAlertRepository;
import io.maskwatch.alert.store.TrackRepository;
import io.maskwatch.events.BoundingBox;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.FaceVerdict;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.ModelInfo;
import io.maskwatch.events.Verdicts;
import io.maskwatch.testing.PostgresResource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Verdicts per second one alert-service sustains on the path a verdicts message takes after Kafka:
 * decode, map, track, and the one transaction that stores frame, faces, tracks, compliance minutes,
 * alerts and outbox rows; against a real (embedded) PostgreSQL, one thread as the service's
 * consumer. Not a test: a command, see docs/benchmarks.md.
 *
 * <p>Arguments: frames (default 20000), cameras (default 8), people in view per camera (default 2).
 */
public final class ThroughputBench {

  public static void main(String[] args) throws Exception {
    int frames = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int cameras = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int people = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    String url = PostgresResource.jdbcUrl();
    Flyway.configure()
        .dataSource(url, "postgres", "postgres")
        .locations("classpath:db/migration")
        .load()
        .migrate();
    Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
    connection.setAutoCommit(false);
    DataSource dataSource = oneConnection(connection);
    ObjectMapper json =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    RuleService rules =
        new RuleService(
            new RuleRepository(dataSource, json),
            new RuleSet(null, null, 5, 0.7, 60L, null, null, "UTC", true, null, 30),
            Duration.ofSeconds(10));
    VerdictRecorder recorder =
        new VerdictRecorder(
            dataSource,
            new FrameRepository(dataSource),
            new AlertRepository(dataSource),
            new TrackRepository(),
            new ComplianceRepository(dataSource),
            new NotificationRepository(dataSource, json),
            ViolationPolicy.defaults(),
            new Tracker(TrackingSettings.defaults()),
            rules,
            new SiteAlertRepository(dataSource));

    List<byte[]> payloads = script(frames, cameras, people);
    int warmup = Math.min(2000, frames / 5);
    long faces = 0;
    long alerts = 0;
    long start = 0;
    for (int i = 0; i < payloads.size(); i++) {
      if (i == warmup) {
        start = System.nanoTime();
        faces = 0;
        alerts = 0;
      }
      AnalysedFrame frame = VerdictsMapper.toDomain(EventCodec.VERDICTS.decode(payloads.get(i)));
      VerdictRecorder.Recorded recorded = recorder.record(frame);
      connection.commit();
      faces += frame.faces().size();
      alerts += recorded.alerts().size();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int measured = payloads.size() - warmup;
    long tracks;
    try (Statement count = connection.createStatement();
        ResultSet row = count.executeQuery("SELECT count(*) FROM tracks")) {
      row.next();
      tracks = row.getLong(1);
    }
    System.out.printf(
        "%d verdicts messages (%d faces, %d alerts) after %d warm-up, %d cameras, %d people in"
            + " view each: %.1f s, %.0f verdicts/s, %.0f faces/s, %.2f ms per message;"
            + " %d tracks stored in all%n",
        measured,
        faces,
        alerts,
        warmup,
        cameras,
        people,
        seconds,
        measured / seconds,
        faces / seconds,
        seconds * 1000 / measured,
        tracks);
    connection.close();
    System.exit(0);
  }

  /**
   * Frames at 2 fps per camera, round robin over the cameras; in each, {@code people} faces walking
   * across, each person in view for 20 frames; every third person unmasked.
   */
  private static List<byte[]> script(int frames, int cameras, int people) {
    Random random = new Random(7);
    Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
    ModelInfo model = new ModelInfo("bench", "1", "0");
    List<byte[]> payloads = new ArrayList<>(frames);
    for (int i = 0; i < frames; i++) {
      int camera = i % cameras;
      int n = i / cameras;
      List<FaceVerdict> faces = new ArrayList<>();
      for (int p = 0; p < people; p++) {
        int step = (n + p * 7) % 20;
        int person = (n + p * 7) / 20 * people + p;
        boolean unmasked = person % 3 == 0;
        FaceLabel label = unmasked ? FaceLabel.without_mask : FaceLabel.with_mask;
        if (random.nextInt(10) == 0) {
          label = unmasked ? FaceLabel.with_mask : FaceLabel.without_mask; // flicker
        }
        faces.add(
            FaceVerdict.newBuilder()
                .setIndex(p)
                .setBox(new BoundingBox(40 + 50 * step, 80 + 300 * p, 64, 64))
                .setDetectorScore(0.9f)
                .setLabel(label)
                .setConfidence(0.8f + random.nextFloat() * 0.2f)
                .setScores(Map.of())
                .build());
      }
      Instant captured = t0.plusMillis(500L * n);
      payloads.add(
          EventCodec.VERDICTS.encode(
              Verdicts.newBuilder()
                  .setFrameId(UUID.randomUUID().toString())
                  .setCameraId("bench-" + camera)
                  .setSource(FrameSource.camera)
                  .setCapturedAt(captured)
                  .setFrame(new FrameRef("frames", camera % 2, (long) i))
                  .setFrameWidth(1280)
                  .setFrameHeight(720)
                  .setUploadId(null)
                  .setDetector("yunet")
                  .setModel(model)
                  .setClassifiedAt(captured)
                  .setVerdicts(faces)
                  .build()));
    }
    return payloads;
  }

  /** A DataSource that hands out one connection, whose close() does nothing. */
  private static DataSource oneConnection(Connection connection) {
    Connection unclosable =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) ->
                    method.getName().equals("close") ? null : method.invoke(connection, args));
    InvocationHandler handler =
        (proxy, method, args) ->
            switch (method.getName()) {
              case "getConnection" -> unclosable;
              case "getLogWriter" -> (PrintWriter) null;
              case "getParentLogger" -> Logger.getGlobal();
              case "isWrapperFor" -> false;
              default -> throw new UnsupportedOperationException(method.getName());
            };
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, handler);
  }

  private ThroughputBench() {}
}
