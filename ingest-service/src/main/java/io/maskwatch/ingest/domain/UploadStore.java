package io.maskwatch.ingest.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The uploads this instance can answer for, in memory and bounded: at most {@code maxEntries} (the
 * oldest accepted go first) and none older than {@code ttl}, counted from when the upload was
 * accepted. Pending uploads are those accepted here; results arrive from the verdicts of every
 * upload, whichever instance accepted it.
 *
 * <p>Thread-safe. The synchronised sections are a map operation each, far cheaper than the HTTP and
 * Kafka work around them.
 */
public final class UploadStore {

  private final int maxEntries;
  private final Duration ttl;
  private final Clock clock;
  // Insertion order = acceptance order, so the eldest entry is the first to evict or expire.
  private final LinkedHashMap<String, UploadStatus> entries = new LinkedHashMap<>();

  public UploadStore(int maxEntries, Duration ttl, Clock clock) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    this.maxEntries = maxEntries;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Records a photo upload as pending; keeps its result if that is already here. */
  public synchronized void accepted(String uploadId, String frameId, Instant acceptedAt) {
    accepted(new UploadStatus(uploadId, frameId, acceptedAt, null));
  }

  /**
   * Records an upload (a photo or a video's frames) as pending; results of its frames that arrived
   * before are kept.
   */
  public synchronized void accepted(UploadStatus pending) {
    purgeExpired();
    if (isExpired(pending.since())) {
      return;
    }
    UploadStatus earlier = entries.get(pending.uploadId());
    entries.put(
        pending.uploadId(), earlier == null ? pending : pending.withResults(earlier.results()));
    evictOverflow();
  }

  /**
   * Records the result of an upload, pending here or not (another instance may have accepted it). A
   * result whose upload is already older than the TTL is ignored.
   *
   * @return true when the result was stored
   */
  public synchronized boolean completed(UploadResult result) {
    purgeExpired();
    UploadStatus known = entries.get(result.uploadId());
    Instant since = known != null ? known.since() : result.capturedAt();
    if (isExpired(since)) {
      return false;
    }
    entries.put(
        result.uploadId(),
        known != null
            ? known.withResult(result)
            : new UploadStatus(
                result.uploadId(), since, List.of(), Map.of(result.frameId(), result), null));
    evictOverflow();
    return true;
  }

  /** The upload's status, or empty when it is unknown here or expired. */
  public synchronized Optional<UploadStatus> find(String uploadId) {
    UploadStatus status = entries.get(uploadId);
    if (status == null) {
      return Optional.empty();
    }
    if (isExpired(status.since())) {
      entries.remove(uploadId);
      return Optional.empty();
    }
    return Optional.of(status);
  }

  /** How many uploads are held now, expired ones included until they are swept. */
  public synchronized int size() {
    return entries.size();
  }

  private boolean isExpired(Instant since) {
    return !since.plus(ttl).isAfter(clock.instant());
  }

  /** Drops expired entries from the old end; one out of order is dropped when it is looked up. */
  private void purgeExpired() {
    Iterator<Map.Entry<String, UploadStatus>> eldest = entries.entrySet().iterator();
    while (eldest.hasNext() && isExpired(eldest.next().getValue().since())) {
      eldest.remove();
    }
  }

  private void evictOverflow() {
    Iterator<String> eldest = entries.keySet().iterator();
    while (entries.size() > maxEntries && eldest.hasNext()) {
      eldest.next();
      eldest.remove();
    }
  }
}
