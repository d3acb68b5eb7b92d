package io.maskwatch.ingest.domain;

import java.time.Instant;

/**
 * Where an upload stands: pending until the pipeline's verdicts arrive, then done with them.
 *
 * @param since when the upload was accepted; the store forgets it a TTL later
 * @param result the verdicts, or null while pending
 */
public record UploadStatus(String uploadId, String frameId, Instant since, UploadResult result) {

  public boolean isDone() {
    return result != null;
  }
}
