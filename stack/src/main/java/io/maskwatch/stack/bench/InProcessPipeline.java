package io.maskwatch.stack.bench;

import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.detect.Box;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.detect.YuNetFaceDetector;
import io.maskwatch.vision.detect.YuNetSettings;
import io.maskwatch.vision.image.FaceCrops;
import io.maskwatch.vision.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect2d;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The pipeline's library code in one process, without Kafka or HTTP: per frame, decode the 720p
 * JPEG, detect with YuNet at face-service's defaults, cut each face as face-service does (square,
 * 10 % margin, 128 px JPEG), decode it again as mask-service does, classify. One detector and one
 * predictor per thread. What this reaches, against the full system's figure, is what the broker and
 * the service boundaries cost.
 */
public final class InProcessPipeline {

  private static final double MARGIN = 0.10;
  private static final int CROP = 128;
  private static final int QUALITY = 90;

  private InProcessPipeline() {}

  /** Stage times of one thread, nanoseconds summed. */
  private static final class Stages {
    long frames;
    long faces;
    long decode;
    long detect;
    long crop;
    long classify;
  }

  public static void run(
      List<byte[]> views,
      Path yunet,
      Path model,
      List<Integer> threadCounts,
      int seconds,
      int warmupSeconds)
      throws Exception {
    if (!Files.isRegularFile(yunet)) {
      throw new IllegalArgumentException("no YuNet model at " + yunet);
    }
    OpenCvLoader.ensureLoaded();
    if (System.getProperty(MaskClassifier.INTRA_OP_PROPERTY) == null) {
      System.setProperty(MaskClassifier.INTRA_OP_PROPERTY, "1");
      System.setProperty(MaskClassifier.INTER_OP_PROPERTY, "1");
    }
    System.out.println(
        "| threads | frames/s | faces/frame | decode ms | detect ms | crop ms | classify ms |"
            + " ms/frame (wall, per thread) |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    try (MaskClassifier classifier = MaskClassifier.load(model)) {
      for (int threads : threadCounts) {
        measure(views, yunet, classifier, new Stages[threads], warmupSeconds);
        Stages[] all = new Stages[threads];
        long wall = measure(views, yunet, classifier, all, seconds);
        Stages sum = new Stages();
        for (Stages s : all) {
          sum.frames += s.frames;
          sum.faces += s.faces;
          sum.decode += s.decode;
          sum.detect += s.detect;
          sum.crop += s.crop;
          sum.classify += s.classify;
        }
        double f = Math.max(1, sum.frames);
        System.out.printf(
            Locale.ROOT,
            "| %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
            threads,
            sum.frames / (wall / 1e9),
            sum.faces / f,
            sum.decode / f / 1e6,
            sum.detect / f / 1e6,
            sum.crop / f / 1e6,
            sum.classify / f / 1e6,
            (sum.decode + sum.detect + sum.crop + sum.classify) / f / 1e6);
      }
    }
  }

  /** Runs one thread per element of {@code out} for {@code seconds}, filling it; the wall time. */
  private static long measure(
      List<byte[]> views, Path yunet, MaskClassifier classifier, Stages[] out, int seconds)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < out.length; t++) {
      Stages stages = new Stages();
      out[t] = stages;
      int first = t;
      Thread worker =
          new Thread(() -> work(views, yunet, classifier, first, stop, stages), "pipeline-" + t);
      workers.add(worker);
    }
    long started = System.nanoTime();
    workers.forEach(Thread::start);
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    for (Thread worker : workers) {
      worker.join();
    }
    return System.nanoTime() - started;
  }

  private static void work(
      List<byte[]> views,
      Path yunet,
      MaskClassifier classifier,
      int first,
      AtomicBoolean stop,
      Stages stages) {
    YuNetFaceDetector detector = YuNetFaceDetector.load(YuNetSettings.defaults(yunet));
    try (MaskPredictor predictor = classifier.newPredictor()) {
      for (int i = first; !stop.get(); i++) {
        byte[] jpeg = views.get(i % views.size());
        long t0 = System.nanoTime();
        Mat frame = Images.decode(jpeg);
        long t1 = System.nanoTime();
        List<Detection> faces = detector.detect(frame);
        long t2 = System.nanoTime();
        List<Mat> crops = new ArrayList<>();
        for (Detection d : faces) {
          Box b = d.box();
          byte[] crop =
              FaceCrops.squareJpeg(
                  frame, new Rect2d(b.x(), b.y(), b.width(), b.height()), MARGIN, CROP, QUALITY);
          crops.add(Imgcodecs.imdecode(new MatOfByte(crop), Imgcodecs.IMREAD_COLOR));
        }
        long t3 = System.nanoTime();
        for (Mat crop : crops) {
          predictor.classify(crop);
          crop.release();
        }
        long t4 = System.nanoTime();
        frame.release();
        stages.frames++;
        stages.faces += faces.size();
        stages.decode += t1 - t0;
        stages.detect += t2 - t1;
        stages.crop += t3 - t2;
        stages.classify += t4 - t3;
      }
    }
  }
}
