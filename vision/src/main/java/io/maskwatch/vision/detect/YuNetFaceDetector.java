package io.maskwatch.vision.detect;

import io.maskwatch.vision.OpenCvLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.CvException;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.FaceDetectorYN;

/**
 * YuNet, a small CNN face detector (libfacedetection), run by OpenCV's {@code FaceDetectorYN} from
 * an ONNX file. It finds masked and turned faces that Haar misses, and gives five landmarks per
 * face: the eyes, the nose tip and the mouth corners (OpenCV's order: right eye, left eye, nose,
 * right mouth corner, left mouth corner, "right" being the person's right, on the image's left).
 *
 * <p>How a frame is searched (whole frame resized so its longer side is {@code inputSize}, plus
 * optional tiles, merged by {@link NonMaxSuppression}) is described in {@link YuNetSettings}. Boxes
 * and landmarks are in frame pixels; a box may reach a little past the frame's edges. The score is
 * YuNet's face score (0..1). Faces come left to right (then top to bottom).
 *
 * <p>Not thread-safe: {@link FaceDetectorYN} keeps its input size and network buffers between
 * calls. {@link #detect} is synchronized so that sharing an instance is slow rather than wrong;
 * face-service searches one frame at a time.
 */
public final class YuNetFaceDetector implements FaceDetector {

  public static final String NAME = "yunet";

  private static final int COLUMNS = 15;

  private final YuNetSettings settings;
  private final FaceDetectorYN net;

  private YuNetFaceDetector(YuNetSettings settings, FaceDetectorYN net) {
    this.settings = settings;
    this.net = net;
  }

  /**
   * Loads the ONNX file named in the settings (read as bytes, so any path works).
   *
   * @throws DetectorUnavailableException when the file is missing, unreadable or not a YuNet model
   */
  public static YuNetFaceDetector load(YuNetSettings settings) {
    Path file = settings.model();
    DetectorUnavailableException.requireReadableFile(file, "YuNet model");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DetectorUnavailableException("cannot read YuNet model " + file + ": " + e, e);
    }
    OpenCvLoader.ensureLoaded();
    MatOfByte model = new MatOfByte(bytes);
    MatOfByte config = new MatOfByte();
    FaceDetectorYN net;
    try {
      net =
          FaceDetectorYN.create(
              "onnx",
              model,
              config,
              new Size(320, 320),
              settings.scoreThreshold(),
              settings.nmsThreshold(),
              settings.topK());
    } catch (CvException e) {
      throw new DetectorUnavailableException(
          "OpenCV could not load " + file + " as a YuNet ONNX model: " + firstLine(e), e);
    } finally {
      model.release();
      config.release();
    }
    if (net == null) {
      throw new DetectorUnavailableException(
          "OpenCV could not load " + file + " as a YuNet ONNX model");
    }
    YuNetFaceDetector detector = new YuNetFaceDetector(settings, net);
    detector.checkRuns(file);
    return detector;
  }

  public YuNetSettings settings() {
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
    Mat bgr = toBgr(image);
    try {
      int width = bgr.cols();
      int height = bgr.rows();
      List<Detection> all = new ArrayList<>(search(bgr, new Rect(0, 0, width, height)));
      int tile = settings.tileSize();
      boolean tiled = tile > 0 && Math.max(width, height) > tile;
      if (tiled) {
        for (Rect r : tiles(width, height, tile, settings.tileOverlap())) {
          all.addAll(search(bgr, r));
        }
      }
      List<Detection> kept =
          tiled ? NonMaxSuppression.suppress(all, settings.nmsThreshold()) : new ArrayList<>(all);
      if (settings.minFaceSize() > 0) {
        kept.removeIf(d -> Math.min(d.box().width(), d.box().height()) < settings.minFaceSize());
      }
      kept.sort(Detection.READING_ORDER);
      return kept;
    } finally {
      if (bgr != image) {
        bgr.release();
      }
    }
  }

  /**
   * The tiles covering a frame: squares of {@code tile} pixels (cut to the frame where it is
   * smaller), evenly spaced along each side so that neighbours share at least {@code overlap} of a
   * tile; the first and last touch the frame's edges.
   */
  static List<Rect> tiles(int width, int height, int tile, double overlap) {
    List<Rect> tiles = new ArrayList<>();
    for (int y : starts(height, tile, overlap)) {
      for (int x : starts(width, tile, overlap)) {
        tiles.add(new Rect(x, y, Math.min(tile, width - x), Math.min(tile, height - y)));
      }
    }
    return tiles;
  }

  private static int[] starts(int length, int tile, double overlap) {
    if (length <= tile) {
      return new int[] {0};
    }
    double step = tile * (1 - overlap);
    int count = (int) Math.ceil((length - tile) / step) + 1;
    int[] starts = new int[count];
    for (int i = 0; i < count; i++) {
      starts[i] = (int) Math.round((double) i * (length - tile) / (count - 1));
    }
    return starts;
  }

  /** One pass: {@code region} of the frame, resized, searched; results in frame pixels. */
  private List<Detection> search(Mat bgr, Rect region) {
    Mat part = region.width == bgr.cols() && region.height == bgr.rows() ? bgr : bgr.submat(region);
    double scale =
        settings.inputSize() == 0
            ? 1.0
            : (double) settings.inputSize() / Math.max(region.width, region.height);
    Mat input = part;
    Mat faces = new Mat();
    try {
      if (scale != 1.0) {
        input = new Mat();
        int w = Math.max(1, (int) Math.round(region.width * scale));
        int h = Math.max(1, (int) Math.round(region.height * scale));
        Imgproc.resize(
            part,
            input,
            new Size(w, h),
            0,
            0,
            scale < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
      }
      double sx = (double) region.width / input.cols();
      double sy = (double) region.height / input.rows();
      net.setInputSize(new Size(input.cols(), input.rows()));
      net.detect(input, faces);
      return toDetections(faces, region.x, region.y, sx, sy, settings);
    } finally {
      faces.release();
      if (input != part) {
        input.release();
      }
      if (part != bgr) {
        part.release();
      }
    }
  }

  private static List<Detection> toDetections(
      Mat faces, int offsetX, int offsetY, double sx, double sy, YuNetSettings settings) {
    if (faces.empty() || faces.rows() == 0) {
      return List.of();
    }
    if (faces.cols() < COLUMNS) {
      throw new IllegalStateException(
          "FaceDetectorYN returned " + faces.cols() + " columns per face, expected " + COLUMNS);
    }
    float[] row = new float[faces.cols()];
    List<Detection> detections = new ArrayList<>(faces.rows());
    for (int i = 0; i < faces.rows(); i++) {
      faces.get(i, 0, row);
      double x1 = offsetX + row[0] * sx;
      double height = row[3] * sy;
      double y1 = offsetY + row[1] * sy + settings.boxShift() * height;
      double x2 = offsetX + (row[0] + row[2]) * sx;
      double y2 = y1 + settings.boxHeightScale() * height;
      int left = (int) Math.round(x1);
      int top = (int) Math.round(y1);
      Box box =
          new Box(
              left,
              top,
              Math.max(0, (int) Math.round(x2) - left),
              Math.max(0, (int) Math.round(y2) - top));
      if (box.isEmpty()) {
        continue;
      }
      List<Point> landmarks = new ArrayList<>(5);
      for (int k = 0; k < 5; k++) {
        landmarks.add(
            new Point(
                (float) (offsetX + row[4 + 2 * k] * sx), (float) (offsetY + row[5 + 2 * k] * sy)));
      }
      float score = Math.max(0f, Math.min(1f, row[14]));
      detections.add(new Detection(box, score, landmarks));
    }
    return detections;
  }

  /** A file OpenCV accepts may still not be YuNet: one search on a blank picture tells. */
  private void checkRuns(Path file) {
    Mat blank = Mat.zeros(64, 64, org.opencv.core.CvType.CV_8UC3);
    try {
      search(blank, new Rect(0, 0, 64, 64));
    } catch (CvException | IllegalStateException e) {
      throw new DetectorUnavailableException(
          "OpenCV loaded " + file + " but could not run it as YuNet: " + firstLine(e), e);
    } finally {
      blank.release();
    }
  }

  static Mat toBgr(Mat image) {
    switch (image.channels()) {
      case 3:
        return image;
      case 1:
        {
          Mat bgr = new Mat();
          Imgproc.cvtColor(image, bgr, Imgproc.COLOR_GRAY2BGR);
          return bgr;
        }
      case 4:
        {
          Mat bgr = new Mat();
          Imgproc.cvtColor(image, bgr, Imgproc.COLOR_BGRA2BGR);
          return bgr;
        }
      default:
        throw new IllegalArgumentException(
            "cannot detect faces in an image with " + image.channels() + " channels");
    }
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage()).strip();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
