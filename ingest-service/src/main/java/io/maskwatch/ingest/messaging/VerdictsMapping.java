package io.maskwatch.ingest.messaging;

import io.maskwatch.events.FaceVerdict;
import io.maskwatch.events.Verdicts;
import io.maskwatch.ingest.domain.UploadResult;
import java.util.Map;
import java.util.TreeMap;

/** Verdicts as they arrive from Kafka, turned into the result of an upload. */
final class VerdictsMapping {

  private VerdictsMapping() {}

  /** Only for verdicts that carry an upload id. */
  static UploadResult toResult(Verdicts verdicts) {
    return new UploadResult(
        verdicts.getUploadId(),
        verdicts.getFrameId(),
        verdicts.getCapturedAt(),
        verdicts.getDetector(),
        new UploadResult.Model(
            verdicts.getModel().getName(),
            verdicts.getModel().getVersion(),
            verdicts.getModel().getSha256()),
        verdicts.getVerdicts().stream().map(VerdictsMapping::toFace).toList());
  }

  private static UploadResult.Face toFace(FaceVerdict verdict) {
    Map<String, Float> scores = new TreeMap<>();
    verdict.getScores().forEach((label, score) -> scores.put(label.toString(), score));
    return new UploadResult.Face(
        verdict.getIndex(),
        new UploadResult.Box(
            verdict.getBox().getX(),
            verdict.getBox().getY(),
            verdict.getBox().getWidth(),
            verdict.getBox().getHeight()),
        verdict.getLabel().name(),
        verdict.getConfidence(),
        verdict.getDetectorScore(),
        scores);
  }
}
