package io.maskwatch.alert.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** alert-service settings; the defaults are the production values. */
@ConfigMapping(prefix = "maskwatch.alert")
public interface AlertConfig {

  /** Face labels (wire names) that raise an alert. */
  @WithDefault("without_mask,mask_weared_incorrect")
  List<String> violationLabels();

  /**
   * How long a frame's alerts may take to be acknowledged by Kafka before its verdicts are sent to
   * the dead letters instead of being acknowledged.
   */
  @WithDefault("60s")
  Duration publishTimeout();

  Api api();

  Tracking tracking();

  Rules rules();

  Notifications notifications();

  Snapshot snapshot();

  Auth auth();

  /** Base URL of ingest-service: the dashboard's camera changes and uploads are forwarded there. */
  @WithDefault("http://localhost:8081")
  String ingestUrl();

  Cameras cameras();

  Pipeline pipeline();

  Store store();

  /** What the service does while PostgreSQL does not answer. */
  interface Store {

    /** First wait before the same message is tried again while the database is unavailable. */
    @WithDefault("500ms")
    Duration retryInitial();

    /** Longest wait between tries (the wait doubles up to this). */
    @WithDefault("10s")
    Duration retryMax();

    /**
     * Liveness is DOWN when the verdicts consumer has held one message this long without trying it
     * again (a hung statement, not a database outage: an outage retries every retry-max).
     */
    @WithDefault("5m")
    Duration stuckAfter();
  }

  /** The dashboard's camera list. */
  interface Cameras {

    /** A camera is online while it streams and its last status report is at most this old. */
    @WithDefault("60s")
    Duration offlineAfter();
  }

  /** The dashboard's pipeline page and its scale control. */
  interface Pipeline {

    /**
     * {@code kubernetes} (Deployments through the API server), {@code local} (no cluster: consumer
     * group members stand for instances) or {@code auto}: kubernetes when a service-account token
     * is mounted.
     */
    @WithDefault("auto")
    String mode();

    /** Namespace of the Deployments; default: the pod's own (or the client's default). */
    Optional<String> namespace();

    /** The Deployments the scale control may change. */
    @WithDefault("face-service,mask-service")
    List<String> scalable();

    /** The most replicas the scale control sets. */
    @WithDefault("20")
    int maxReplicas();

    /** Longest wait for Kafka's admin answers (groups, offsets). */
    @WithDefault("5s")
    Duration kafkaTimeout();
  }

  /** Logging in to the dashboard and its API. */
  interface Auth {

    /**
     * Password of the {@code admin} user created at start when no admin exists; from a secret or
     * the environment ({@code MASKWATCH_ALERT_AUTH_ADMIN_PASSWORD}). Unset: one is generated and
     * printed once in the log.
     */
    Optional<String> adminPassword();

    /** PBKDF2-HMAC-SHA256 iterations of new password hashes. */
    @WithDefault("210000")
    int hashIterations();

    /**
     * A password once verified is not run through PBKDF2 again for this long (per process, kept as
     * a keyed digest), so that scripts using Basic auth on every request stay cheap.
     */
    @WithDefault("5m")
    Duration verifiedFor();
  }

  /** Following faces across a camera's frames, and deciding a track's label. */
  interface Tracking {

    /** A face continues a track when its box overlaps the predicted box by this IoU. */
    @WithDefault("0.2")
    double minIou();

    /** ... or when its centre lies within this many face widths of the predicted centre. */
    @WithDefault("1.0")
    double maxCentreDistance();

    /** A track unseen for longer than this (capture time) is closed. */
    @WithDefault("3s")
    Duration maxGap();

    /** How often the sweep looks for cameras gone silent (read by the scheduler). */
    @WithDefault("10s")
    Duration sweepEvery();

    /**
     * A camera whose last frame arrived this long ago (wall clock) is silent: the sweep closes its
     * tracks (never less than max-gap).
     */
    @WithDefault("30s")
    Duration sweepIdle();
  }

  /** Built-in rules: what applies where no stored rule (defaults, site, camera) says otherwise. */
  interface Rules {

    /** Frames a track needs before its label is decided. */
    @WithDefault("5")
    int minFrames();

    /** Share of the track's summed confidence the leading label needs. */
    @WithDefault("0.7")
    double minShare();

    /** After an alert on a camera, no other alert on it for this long. */
    @WithDefault("60s")
    Duration cooldown();

    /** Zone of quiet hours. */
    @WithDefault("UTC")
    String timeZone();

    /** Alert snapshots are deleted after this many days. */
    @WithDefault("30")
    int snapshotRetentionDays();

    /** Stored rules are read again when older than this. */
    @WithDefault("10s")
    Duration refresh();
  }

  /** Delivering the notification outbox. */
  interface Notifications {

    /** false: rows are queued but no worker sends them (another replica may). */
    @WithDefault("true")
    boolean enabled();

    /** How often the worker looks for due rows. */
    @WithDefault("1s")
    Duration poll();

    /** Rows claimed at once. */
    @WithDefault("20")
    int batch();

    /** A claimed row comes back to the queue after this, if its worker died. */
    @WithDefault("60s")
    Duration lease();

    /** Longest wait for a channel (connect and answer). */
    @WithDefault("10s")
    Duration timeout();

    /** Wait after the first failed attempt; doubled with each further one. */
    @WithDefault("2s")
    Duration backoffInitial();

    /** Longest wait between attempts. */
    @WithDefault("10m")
    Duration backoffMax();

    /** Attempts before a delivery is marked failed. */
    @WithDefault("10")
    int maxAttempts();
  }

  /** The REST API. */
  interface Api {

    /** Alerts listed when the request gives no limit. */
    @WithDefault("100")
    int defaultLimit();

    /** The largest limit a request may ask for. */
    @WithDefault("1000")
    int maxLimit();
  }

  /** Reading a frame's picture back from Kafka and drawing on it. */
  interface Snapshot {

    /** Longest wait for Kafka when reading one frame back. */
    @WithDefault("10s")
    Duration readTimeout();

    /** Largest picture (width × height) decoded; guards against decompression bombs. */
    @WithDefault("40000000")
    long maxPixels();

    /** How often the retention job deletes snapshots older than their site keeps them. */
    @WithDefault("1h")
    Duration retentionEvery();
  }
}
