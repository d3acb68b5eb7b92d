package io.maskwatch.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.maskwatch.ingest.domain.UploadResult;
import io.maskwatch.ingest.domain.UploadStatus;
import java.util.List;

/**
 * An upload as the REST API shows it: {@code pending} with its ids, or {@code done} with the
 * detector, the classifier model and one entry per face.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadStatusResponse(
    String uploadId,
    String frameId,
    String status,
    String detector,
    UploadResult.Model model,
    List<UploadResult.Face> faces) {

  static UploadStatusResponse of(UploadStatus upload) {
    UploadResult result = upload.result();
    if (result == null) {
      return new UploadStatusResponse(
          upload.uploadId(), upload.frameId(), "pending", null, null, null);
    }
    return new UploadStatusResponse(
        upload.uploadId(),
        upload.frameId(),
        "done",
        result.detector(),
        result.model(),
        result.faces());
  }
}
