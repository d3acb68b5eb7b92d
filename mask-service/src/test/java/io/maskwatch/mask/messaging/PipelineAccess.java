package io.maskwatch.mask.messaging;

import io.maskwatch.events.Faces;
import io.maskwatch.events.Verdicts;
import java.util.List;

/** {@link Pipeline} for tests outside this package. */
public final class PipelineAccess {

  private PipelineAccess() {}

  public static String unique(String prefix) {
    return Pipeline.unique(prefix);
  }

  public static Faces faces(String cameraId, String frameId, List<byte[]> crops) {
    return Pipeline.faces(cameraId, frameId, crops);
  }

  /** Sends the frame and returns its verdicts. */
  public static Verdicts sendAndAwait(Faces faces) {
    Pipeline pipeline = new Pipeline();
    pipeline.send(faces);
    return pipeline.verdictsOf(faces.getCameraId(), 1).get(0);
  }
}
