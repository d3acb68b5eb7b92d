package io.maskwatch.vision.detect;

import java.util.List;
import org.opencv.core.Mat;

/**
 * Finds faces in a picture. Implementations hold native OpenCV state and are not required to be
 * thread-safe: one instance serves one thread at a time.
 */
public interface FaceDetector {

  /** The name put on every Faces message ("haar"); the value of {@code maskwatch.face.detector}. */
  String name();

  /**
   * @param image a BGR {@code CV_8UC3} picture (grey {@code CV_8UC1} and BGRA are accepted too);
   *     not modified
   * @return the faces found, in the detector's order; empty when there is none
   */
  List<Detection> detect(Mat image);
}
