package io.maskwatch.alert.store;

import io.maskwatch.alert.domain.AnalysedFrame;
import io.maskwatch.alert.domain.Box;
import io.maskwatch.alert.domain.ClassifiedFace;
import io.maskwatch.alert.domain.FramePosition;
import io.maskwatch.alert.domain.Label;
import io.maskwatch.alert.domain.ModelRef;
import io.maskwatch.alert.domain.StoredFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The {@code frames} and {@code faces} tables. */
@ApplicationScoped
public class FrameRepository {

  private static final String INSERT_FRAME =
      """
      INSERT INTO frames (frame_id, camera_id, source, captured_at, frame_topic, frame_partition,
                          frame_offset, width, height, detector, model_name, model_version,
                          model_sha256, upload_id, classified_at, received_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (frame_id) DO NOTHING
      """;

  private static final String INSERT_FACE =
      """
      INSERT INTO faces (frame_id, face_index, box_x, box_y, box_width, box_height, label,
                         confidence, detector_score, track_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (frame_id, face_index) DO NOTHING
      """;

  private static final String SELECT_FRAME = "SELECT * FROM frames WHERE frame_id = ?";

  private static final String SELECT_FACES =
      "SELECT * FROM faces WHERE frame_id = ? ORDER BY face_index";

  private static final String SELECT_POSITION =
      "SELECT frame_topic, frame_partition, frame_offset FROM frames WHERE frame_id = ?";

  private final DataSource dataSource;

  public FrameRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Inserts the frame row unless a row with its id exists.
   *
   * @return true when this call inserted it, false when it was already there
   */
  public boolean insertIfAbsent(Connection connection, AnalysedFrame frame, Instant receivedAt)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_FRAME)) {
      insert.setString(1, frame.frameId());
      insert.setString(2, frame.cameraId());
      insert.setString(3, frame.source());
      Sql.setInstant(insert, 4, frame.capturedAt());
      insert.setString(5, frame.position().topic());
      insert.setInt(6, frame.position().partition());
      insert.setLong(7, frame.position().offset());
      insert.setInt(8, frame.width());
      insert.setInt(9, frame.height());
      insert.setString(10, frame.detector());
      insert.setString(11, frame.model().name());
      insert.setString(12, frame.model().version());
      insert.setString(13, frame.model().sha256());
      insert.setString(14, frame.uploadId());
      Sql.setInstant(insert, 15, frame.classifiedAt());
      Sql.setInstant(insert, 16, receivedAt);
      return insert.executeUpdate() == 1;
    }
  }

  /**
   * Inserts the frame's faces; faces already there are left as they are.
   *
   * @param trackIds each face's track by face index; a face missing from it has none
   */
  public void insertFaces(Connection connection, AnalysedFrame frame, Map<Integer, UUID> trackIds)
      throws SQLException {
    if (frame.faces().isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT_FACE)) {
      for (ClassifiedFace face : frame.faces()) {
        insert.setString(1, frame.frameId());
        insert.setInt(2, face.index());
        insert.setInt(3, face.box().x());
        insert.setInt(4, face.box().y());
        insert.setInt(5, face.box().width());
        insert.setInt(6, face.box().height());
        insert.setString(7, face.label().wireName());
        insert.setFloat(8, face.confidence());
        insert.setFloat(9, face.detectorScore());
        insert.setObject(10, trackIds.get(face.index()));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** The stored frame's position in Kafka, if the frame is stored. */
  public Optional<FramePosition> position(Connection connection, String frameId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SELECT_POSITION)) {
      select.setString(1, frameId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(position(row)) : Optional.empty();
      }
    }
  }

  /** A camera's latest stored frame. */
  public record LatestFrame(String frameId, Instant capturedAt) {}

  /** Each camera's latest stored frame (by capture time); cameras without one are absent. */
  public Map<String, LatestFrame> latest(List<String> cameraIds) {
    Map<String, LatestFrame> latest = new HashMap<>();
    if (cameraIds.isEmpty()) {
      return latest;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT c.camera_id, f.frame_id, f.captured_at FROM unnest(?::text[]) AS"
                    + " c(camera_id) CROSS JOIN LATERAL (SELECT frame_id, captured_at FROM frames"
                    + " WHERE frames.camera_id = c.camera_id ORDER BY captured_at DESC LIMIT 1) f")) {
      select.setArray(1, connection.createArrayOf("text", cameraIds.toArray()));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          latest.put(
              row.getString("camera_id"),
              new LatestFrame(row.getString("frame_id"), Sql.getInstant(row, "captured_at")));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("reading the cameras' latest frames failed: " + e.getMessage(), e);
    }
    return latest;
  }

  /** The frame with its faces in index order, or empty for an unknown id. */
  public Optional<StoredFrame> find(String frameId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement selectFrame = connection.prepareStatement(SELECT_FRAME);
        PreparedStatement selectFaces = connection.prepareStatement(SELECT_FACES)) {
      selectFrame.setString(1, frameId);
      try (ResultSet row = selectFrame.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        selectFaces.setString(1, frameId);
        List<ClassifiedFace> faces = new ArrayList<>();
        Map<Integer, UUID> tracks = new HashMap<>();
        try (ResultSet faceRows = selectFaces.executeQuery()) {
          while (faceRows.next()) {
            ClassifiedFace face = face(faceRows);
            faces.add(face);
            UUID track = faceRows.getObject("track_id", UUID.class);
            if (track != null) {
              tracks.put(face.index(), track);
            }
          }
        }
        return Optional.of(frame(row, faces, tracks));
      }
    } catch (SQLException e) {
      throw new StoreException("reading frame " + frameId + " failed: " + e.getMessage(), e);
    }
  }

  private static StoredFrame frame(
      ResultSet row, List<ClassifiedFace> faces, Map<Integer, UUID> tracks) throws SQLException {
    AnalysedFrame frame =
        new AnalysedFrame(
            row.getString("frame_id"),
            row.getString("camera_id"),
            row.getString("source"),
            Sql.getInstant(row, "captured_at"),
            position(row),
            row.getInt("width"),
            row.getInt("height"),
            row.getString("upload_id"),
            row.getString("detector"),
            new ModelRef(
                row.getString("model_name"),
                row.getString("model_version"),
                row.getString("model_sha256")),
            Sql.getInstant(row, "classified_at"),
            faces);
    return new StoredFrame(frame, Sql.getInstant(row, "received_at"), tracks);
  }

  private static FramePosition position(ResultSet row) throws SQLException {
    return new FramePosition(
        row.getString("frame_topic"), row.getInt("frame_partition"), row.getLong("frame_offset"));
  }

  private static ClassifiedFace face(ResultSet row) throws SQLException {
    return new ClassifiedFace(
        row.getInt("face_index"),
        new Box(
            row.getInt("box_x"),
            row.getInt("box_y"),
            row.getInt("box_width"),
            row.getInt("box_height")),
        Label.fromWireName(row.getString("label")),
        row.getFloat("confidence"),
        row.getFloat("detector_score"));
  }
}
