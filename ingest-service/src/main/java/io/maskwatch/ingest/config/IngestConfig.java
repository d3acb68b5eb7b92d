package io.maskwatch.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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
}
