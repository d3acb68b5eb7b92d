package io.maskwatch.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.maskwatch.ingest.domain.UploadResult;
import io.maskwatch.ingest.domain.UploadStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An upload as the REST API shows it. A photo: {@code pending} with its ids, or {@code done} with
 * the detector, the classifier model and one entry per face. A video ({@code "kind": "video"}):
 * {@code pending} until every sampled frame has its verdicts, with how many frames were published
 * and how many are done, and each frame as a photo shows it (plus its index and offset in the
 * video).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadStatusResponse(
    String uploadId,
    String frameId,
    String status,
    String kind,
    Integer framesExpected,
    Integer framesDone,
    String detector,
    UploadResult.Model model,
    List<UploadResult.Face> faces,
    List<FrameStatus> frames) {

  /**
   * One sampled frame of a video.
   *
   * @param index its place among the frames taken; null when this instance did not accept the
   *     upload
   * @param offsetMs its time in the video; null when unknown here
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FrameStatus(
      Integer index,
      String frameId,
      Long offsetMs,
      String status,
      String detector,
      UploadResult.Model model,
      List<UploadResult.Face> faces) {}

  static UploadStatusResponse of(UploadStatus upload) {
    if (upload.isVideo()) {
      return video(upload);
    }
    UploadResult result = upload.result();
    if (result == null) {
      return new UploadStatusResponse(
          upload.uploadId(), upload.frameId(), "pending", null, null, null, null, null, null, null);
    }
    return new UploadStatusResponse(
        upload.uploadId(),
        upload.frameId(),
        "done",
        null,
        null,
        null,
        result.detector(),
        result.model(),
        result.faces(),
        null);
  }

  private static UploadStatusResponse video(UploadStatus upload) {
    List<FrameStatus> frames = new ArrayList<>();
    if (!upload.frameIds().isEmpty()) {
      for (int i = 0; i < upload.frameIds().size(); i++) {
        String frameId = upload.frameIds().get(i);
        Long offset = upload.video() == null ? null : upload.video().offsetsMs().get(i);
        frames.add(frame(i, frameId, offset, upload.results().get(frameId)));
      }
    } else {
      upload.results().values().stream()
          .sorted(Comparator.comparing(UploadResult::capturedAt))
          .forEach(r -> frames.add(frame(null, r.frameId(), null, r)));
    }
    return new UploadStatusResponse(
        upload.uploadId(),
        upload.frameId(),
        upload.isDone() ? "done" : "pending",
        "video",
        upload.frameIds().isEmpty() ? null : upload.frameIds().size(),
        upload.framesDone(),
        null,
        null,
        null,
        frames);
  }

  private static FrameStatus frame(
      Integer index, String frameId, Long offsetMs, UploadResult result) {
    if (result == null) {
      return new FrameStatus(index, frameId, offsetMs, "pending", null, null, null);
    }
    return new FrameStatus(
        index, frameId, offsetMs, "done", result.detector(), result.model(), result.faces());
  }
}
