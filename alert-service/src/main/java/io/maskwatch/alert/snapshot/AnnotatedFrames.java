package io.maskwatch.alert.snapshot;

import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.AnalysedFrame;
import io.maskwatch.alert.domain.ClassifiedFace;
import io.maskwatch.alert.domain.ViolationPolicy;
import io.maskwatch.alert.messaging.FramePictureReader;
import io.maskwatch.alert.messaging.FrameReadException;
import io.maskwatch.alert.messaging.FrameReadException.Reason;
import io.maskwatch.events.Frame;
import io.maskwatch.vision.image.Annotator;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.image.InvalidImageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;
import org.opencv.core.Mat;

/**
 * A stored frame's picture, read back from Kafka, with every face boxed and labelled. Violators are
 * drawn last, so that where captions overlap theirs stay readable.
 */
@ApplicationScoped
public class AnnotatedFrames {

  private final FramePictureReader reader;
  private final ViolationPolicy policy;
  private final long maxPixels;

  public AnnotatedFrames(FramePictureReader reader, ViolationPolicy policy, AlertConfig config) {
    this.reader = reader;
    this.policy = policy;
    this.maxPixels = config.snapshot().maxPixels();
  }

  /**
   * @return the annotated picture as PNG
   * @throws FrameReadException when the picture is gone from Kafka, Kafka is unavailable, or the
   *     record holds no decodable picture
   */
  public byte[] png(AnalysedFrame frame) {
    Frame picture = reader.read(frame.position(), frame.frameId());
    Mat image = decode(picture, frame);
    try {
      Mat annotated = Annotator.annotate(image, faces(frame));
      try {
        return Annotator.encodePng(annotated);
      } finally {
        annotated.release();
      }
    } finally {
      image.release();
    }
  }

  private Mat decode(Frame picture, AnalysedFrame frame) {
    ByteBuffer buffer = picture.getImage().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    try {
      return Images.decode(bytes, "frame " + frame.frameId(), maxPixels);
    } catch (InvalidImageException e) {
      throw new FrameReadException(Reason.UNREADABLE, e.getMessage(), e);
    }
  }

  private List<Annotator.Face> faces(AnalysedFrame frame) {
    return frame.faces().stream()
        .sorted(Comparator.comparing((ClassifiedFace face) -> policy.isViolation(face.label())))
        .map(
            face ->
                new Annotator.Face(
                    face.box().x(),
                    face.box().y(),
                    face.box().width(),
                    face.box().height(),
                    face.label().wireName(),
                    face.confidence()))
        .toList();
  }
}
