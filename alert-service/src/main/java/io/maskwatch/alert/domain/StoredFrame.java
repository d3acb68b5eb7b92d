package io.maskwatch.alert.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An analysed frame as stored, with the time this service first received its verdicts and the track
 * of each face (by face index; a face of an untracked frame has none).
 */
public record StoredFrame(AnalysedFrame frame, Instant receivedAt, Map<Integer, UUID> trackIds) {

  public StoredFrame {
    trackIds = Map.copyOf(trackIds);
  }
}
