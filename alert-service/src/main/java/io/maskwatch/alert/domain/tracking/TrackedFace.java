package io.maskwatch.alert.domain.tracking;

import io.maskwatch.alert.domain.ClassifiedFace;
import io.maskwatch.alert.domain.Label;
import java.time.Instant;
import java.util.UUID;

/**
 * A face of a frame with the track it was associated with, and what the track stands at after it.
 *
 * @param trackFirstSeen capture time of the track's first frame (its compliance minute)
 * @param frames frames the track has, this one included
 * @param newTrack this face started the track
 * @param label the track's decided label, or null while it is uncertain
 * @param decidedNow this face's frame decided the track (label is then non-null)
 */
public record TrackedFace(
    ClassifiedFace face,
    UUID trackId,
    Instant trackFirstSeen,
    int frames,
    boolean newTrack,
    Label label,
    boolean decidedNow) {

  public boolean uncertain() {
    return label == null;
  }
}
