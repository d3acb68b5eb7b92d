package io.maskwatch.alert.store;

import io.maskwatch.alert.domain.AnalysedFrame;
import io.maskwatch.alert.domain.tracking.TrackedFace;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** The {@code tracks} table: one row per track, brought up to date with each of its frames. */
@ApplicationScoped
public class TrackRepository {

  private static final String UPSERT =
      """
      INSERT INTO tracks (track_id, camera_id, source, first_seen, last_seen, frames, label,
                          decided_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (track_id) DO UPDATE
         SET last_seen = GREATEST(tracks.last_seen, excluded.last_seen),
             frames = GREATEST(tracks.frames, excluded.frames),
             label = excluded.label,
             decided_at = COALESCE(tracks.decided_at, excluded.decided_at)
      """;

  /** Writes where each face's track stands after the frame. */
  public void upsert(Connection connection, AnalysedFrame frame, List<TrackedFace> faces)
      throws SQLException {
    if (faces.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      for (TrackedFace face : faces) {
        upsert.setObject(1, face.trackId());
        upsert.setString(2, frame.cameraId());
        upsert.setString(3, frame.source());
        Sql.setInstant(upsert, 4, face.trackFirstSeen());
        Sql.setInstant(upsert, 5, frame.capturedAt());
        upsert.setInt(6, face.frames());
        upsert.setString(7, labelOf(face));
        if (face.decidedNow()) {
          Sql.setInstant(upsert, 8, frame.capturedAt());
        } else {
          upsert.setObject(8, null);
        }
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  /** Records what the decision of a violating track came to (raise, cooldown, ...). */
  public void setOutcome(Connection connection, java.util.UUID trackId, String outcome)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE tracks SET outcome = ? WHERE track_id = ?")) {
      update.setString(1, outcome);
      update.setObject(2, trackId);
      update.executeUpdate();
    }
  }

  /** The label column: the decided label's wire name, or {@code uncertain}. */
  public static String labelOf(TrackedFace face) {
    return face.uncertain() ? "uncertain" : face.label().wireName();
  }
}
