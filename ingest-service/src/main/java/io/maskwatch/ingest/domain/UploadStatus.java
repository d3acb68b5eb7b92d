package io.maskwatch.ingest.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an upload stands: pending until the pipeline's verdicts of all its frames arrive, then done
 * with them. A photo has one frame; a video as many as were sampled from it.
 *
 * @param since when the upload was accepted; the store forgets it a TTL later
 * @param frameIds the frames published for it, in order; empty when this instance did not accept it
 *     (only results from other instances are known)
 * @param results the verdicts that arrived, by frame id
 * @param video the sampled frames' offsets for a video accepted here; null for a photo (or an
 *     upload accepted elsewhere)
 */
public record UploadStatus(
    String uploadId,
    Instant since,
    List<String> frameIds,
    Map<String, UploadResult> results,
    Video video) {

  /**
   * What was sampled from an uploaded video.
   *
   * @param offsetsMs each frame's time in the video, by frame index
   * @param sampleFps the rate frames were taken at
   * @param truncated whether the video went on beyond the frames taken
   */
  public record Video(List<Long> offsetsMs, double sampleFps, boolean truncated) {

    public Video {
      offsetsMs = List.copyOf(offsetsMs);
    }
  }

  public UploadStatus {
    frameIds = List.copyOf(frameIds);
    results = Map.copyOf(results);
  }

  /** A photo: one frame, and its result or null while pending. */
  public UploadStatus(String uploadId, String frameId, Instant since, UploadResult result) {
    this(
        uploadId,
        since,
        List.of(frameId),
        result == null ? Map.of() : Map.of(frameId, result),
        null);
  }

  /** The first frame's id (the only one of a photo). */
  public String frameId() {
    if (!frameIds.isEmpty()) {
      return frameIds.get(0);
    }
    return results.values().stream()
        .min((a, b) -> a.capturedAt().compareTo(b.capturedAt()))
        .map(UploadResult::frameId)
        .orElse(null);
  }

  /** The result of the first frame (a photo's only one), or null while pending. */
  public UploadResult result() {
    String first = frameId();
    return first == null ? null : results.get(first);
  }

  /** Whether several frames belong to it (a video, or more than one result arrived). */
  public boolean isVideo() {
    return video != null || frameIds.size() > 1 || results.size() > 1;
  }

  /** Done when every frame published has its result; with the frames unknown, at the first. */
  public boolean isDone() {
    return frameIds.isEmpty() ? !results.isEmpty() : results.keySet().containsAll(frameIds);
  }

  /** How many frames have their result. */
  public int framesDone() {
    if (frameIds.isEmpty()) {
      return results.size();
    }
    return (int) frameIds.stream().filter(results::containsKey).count();
  }

  /** The same upload with one more result. */
  public UploadStatus withResult(UploadResult result) {
    Map<String, UploadResult> more = new HashMap<>(results);
    more.put(result.frameId(), result);
    return new UploadStatus(uploadId, since, frameIds, more, video);
  }

  /** This pending upload with the results that arrived before it was recorded. */
  public UploadStatus withResults(Map<String, UploadResult> earlier) {
    Map<String, UploadResult> merged = new HashMap<>(earlier);
    merged.putAll(results);
    return new UploadStatus(uploadId, since, frameIds, merged, video);
  }
}
