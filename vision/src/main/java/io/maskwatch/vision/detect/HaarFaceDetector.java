package io.maskwatch.vision.detect;

import io.maskwatch.vision.OpenCvLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.CvException;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;

/**
 * OpenCV's Viola-Jones detector with a Haar cascade (by default Debian's {@code
 * haarcascade_frontalface_default.xml}). Frontal, unoccluded faces only: it misses many masked
 * faces, which is why later detectors sit behind the same interface.
 *
 * <p>The picture is converted to grey and histogram-equalised, then searched with {@code
 * detectMultiScale3}. The score is the cascade's final-stage level weight {@code w} squashed to
 * 0..1 by {@code 1 / (1 + e^(-w/2))}: it ranks detections (higher = more face-like) but is not a
 * calibrated probability. Landmarks are always empty. Faces come left to right (then top to
 * bottom), so the same picture always gives the same indexes.
 *
 * <p>Not thread-safe ({@link CascadeClassifier} keeps per-call state); {@link #detect} is
 * synchronized so that sharing an instance is slow rather than wrong.
 */
public final class HaarFaceDetector implements FaceDetector {

  public static final String NAME = "haar";

  private final HaarSettings settings;
  private final CascadeClassifier cascade;

  private HaarFaceDetector(HaarSettings settings, CascadeClassifier cascade) {
    this.settings = settings;
    this.cascade = cascade;
  }

  /**
   * Loads the cascade file named in the settings.
   *
   * @throws DetectorUnavailableException when the file is missing, unreadable or not a cascade
   */
  public static HaarFaceDetector load(HaarSettings settings) {
    Path file = settings.cascade();
    DetectorUnavailableException.requireReadableFile(file, "Haar cascade");
    OpenCvLoader.ensureLoaded();
    CascadeClassifier cascade = new CascadeClassifier();
    boolean loaded;
    try {
      loaded = cascade.load(file.toString());
    } catch (CvException e) {
      throw new DetectorUnavailableException(
          "OpenCV could not read " + file + " as a Haar cascade: " + e.getMessage(), e);
    }
    if (!loaded || cascade.empty()) {
      throw new DetectorUnavailableException(
          "OpenCV could not load " + file + " as a Haar cascade (not a cascade XML file?)");
    }
    return new HaarFaceDetector(settings, cascade);
  }

  public HaarSettings settings() {
    return settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public synchronized List<Detection> detect(Mat image) {
    if (image == null || image.empty()) {
      throw new IllegalArgumentException("cannot detect faces in an empty image");
    }
    Mat grey = toGrey(image);
    MatOfRect boxes = new MatOfRect();
    MatOfInt rejectLevels = new MatOfInt();
    MatOfDouble levelWeights = new MatOfDouble();
    try {
      Imgproc.equalizeHist(grey, grey);
      cascade.detectMultiScale3(
          grey,
          boxes,
          rejectLevels,
          levelWeights,
          settings.scaleFactor(),
          settings.minNeighbors(),
          0,
          new Size(settings.minSize(), settings.minSize()),
          new Size(),
          true);
      if (boxes.empty()) {
        return List.of(); // the weights Mat is then 0x1 and toArray() would throw
      }
      Rect[] rects = boxes.toArray();
      double[] weights = levelWeights.toArray();
      List<Detection> faces = new ArrayList<>(rects.length);
      for (int i = 0; i < rects.length; i++) {
        Rect r = rects[i];
        double weight = i < weights.length ? weights[i] : 0;
        faces.add(new Detection(new Box(r.x, r.y, r.width, r.height), score(weight), List.of()));
      }
      // OpenCV's parallel search returns faces in no fixed order; reading order keeps indexes
      // stable.
      faces.sort(Detection.READING_ORDER);
      return faces;
    } finally {
      grey.release();
      boxes.release();
      rejectLevels.release();
      levelWeights.release();
    }
  }

  /** Maps a final-stage level weight (about -2..12 on real photos) to 0..1, keeping its order. */
  static float score(double levelWeight) {
    return (float) (1 / (1 + Math.exp(-levelWeight / 2)));
  }

  private static Mat toGrey(Mat image) {
    Mat grey = new Mat();
    switch (image.channels()) {
      case 1 -> image.copyTo(grey);
      case 3 -> Imgproc.cvtColor(image, grey, Imgproc.COLOR_BGR2GRAY);
      case 4 -> Imgproc.cvtColor(image, grey, Imgproc.COLOR_BGRA2GRAY);
      default -> {
        grey.release();
        throw new IllegalArgumentException(
            "cannot detect faces in an image with " + image.channels() + " channels");
      }
    }
    return grey;
  }
}
