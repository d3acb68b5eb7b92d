package io.maskwatch.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** ingest-service settings; production values are the defaults. */
@ConfigMapping(prefix = "maskwatch.ingest")
public interface IngestConfig {

  /**
   * Largest upload accepted, in bytes (10 MiB). Keep {@code quarkus.http.limits.max-body-size}
   * above it and Kafka's message limits for {@code frames} too.
   */
  @WithDefault("10485760")
  long maxUploadBytes();

  /** Largest picture accepted, width × height, checked before decoding (decompression bombs). */
  @WithDefault("40000000")
  long maxUploadPixels();

  /** How long an upload waits for Kafka to acknowledge its frame before answering 503. */
  @WithDefault("20s")
  Duration publishTimeout();

  /** The in-memory record of uploads and their verdicts. */
  UploadStatus uploadStatus();

  /** Bounds of the in-memory upload store. */
  interface UploadStatus {

    /** Most uploads held; beyond it the oldest are forgotten. */
    @WithDefault("10000")
    int maxEntries();

    /**
     * How long after acceptance an upload can be asked for. Also how far back in {@code verdicts}
     * an instance reads when it starts, so it knows the results of recent uploads.
     */
    @WithDefault("1h")
    Duration ttl();
  }

  /** Video uploads: how they are sampled into frames. */
  Uploads uploads();

  /** Video uploads ({@code POST /api/uploads} with a video): sampled into frames. */
  interface Uploads {

    /** Frames taken per second of video. */
    @WithDefault("2")
    double videoFps();

    /** At most this many frames are taken from one video (the rest of it is not read). */
    @WithDefault("300")
    int maxVideoFrames();

    /**
     * Largest video accepted, in bytes (50 MiB). Keep {@code quarkus.http.limits.max-body-size}
     * above it.
     */
    @WithDefault("52428800")
    long maxVideoBytes();

    /** Sampled frames wider than this are scaled down (aspect kept). */
    @WithDefault("1280")
    int videoMaxWidth();

    /** Sampled frames higher than this are scaled down (aspect kept). */
    @WithDefault("720")
    int videoMaxHeight();
  }

  /** Cameras: the registry and this replica's share of the capture. */
  Cameras cameras();

  /** Kubernetes: {@code Camera} custom resources synced into the registry. */
  Kubernetes kubernetes();

  /** The {@code Camera} resource sync; off by default, so no cluster is needed. */
  interface Kubernetes {

    /**
     * Whether this replica watches the {@code Camera} resources of {@link #namespace()} and writes
     * them to the {@code cameras} topic. Needs RBAC (README).
     */
    @WithDefault("false")
    boolean syncCameras();

    /** The namespace watched; the Kubernetes client's own (the pod's) when unset. */
    Optional<String> namespace();

    /**
     * How often every resource is looked at again (re-reading its URL Secret): a rotated Secret or
     * a failed write is picked up within this time.
     */
    @WithDefault("5m")
    Duration resync();
  }

  /** Camera settings. */
  interface Cameras {

    /** Whether this replica pulls cameras (the registry API works either way). */
    @WithDefault("true")
    boolean enabled();

    /** The consumer group the ingest replicas share the {@code cameras} partitions in. */
    @WithDefault("ingest-service-cameras")
    String groupId();

    /** This replica's name in {@code camera-status}; the host name and process id when unset. */
    Optional<String> instance();

    /** Lowest sampling rate a camera may have, frames per second. */
    @WithDefault("0.1")
    double minFps();

    /** Highest sampling rate a camera may have, frames per second. */
    @WithDefault("30")
    double maxFps();

    /** Frames of one camera waiting for Kafka; beyond it the oldest is dropped (and counted). */
    @WithDefault("4")
    int queueSize();

    /** Frames of one camera sent to Kafka and not yet acknowledged. */
    @WithDefault("4")
    int maxInFlight();

    /** First wait before reconnecting a failed camera; doubled per failure, with jitter. */
    @WithDefault("1s")
    Duration backoffInitial();

    /** Longest wait before reconnecting a failed camera. */
    @WithDefault("30s")
    Duration backoffMax();

    /** Connecting to a camera longer than this fails. */
    @WithDefault("10s")
    Duration connectTimeout();

    /** No picture from a connected camera for this long: stalled, reconnected. */
    @WithDefault("10s")
    Duration stallTimeout();

    /** Largest snapshot or MJPEG part accepted from a camera, in bytes. */
    @WithDefault("8388608")
    int maxPictureBytes();

    /** JPEG quality (0..1) of frames this service encodes (scaled or decoded from video). */
    @WithDefault("0.85")
    float jpegQuality();

    /** How often each pulled camera's status is written to {@code camera-status}. */
    @WithDefault("10s")
    Duration statusInterval();

    /** How long a registry write waits for Kafka before the API answers 503. */
    @WithDefault("10s")
    Duration writeTimeout();
  }
}
