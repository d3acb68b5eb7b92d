package io.maskwatch.mask.bench;

import ai.djl.engine.Engine;
import com.sun.management.OperatingSystemMXBean;
import io.maskwatch.mask.domain.FrameClassifier;
import io.maskwatch.mask.domain.InferencePool;
import io.maskwatch.mask.domain.PoolListener;
import io.maskwatch.mask.domain.PoolSettings;
import io.maskwatch.mask.domain.SinglePredictor;
import io.maskwatch.mask.domain.StageTimer;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.classify.FaceCropTranslator;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.image.FaceCrops;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.model.ModelContract;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.core.Rect2d;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The library half of {@code ./maskwatch bench mask}, run as its own process (TensorFlow sizes its
 * thread pools once per process): the bare model as the floor (a TF session, one pre-made face
 * tensor per call, one thread), then mask-service's own path — crops JPEG-decoded once, queued on
 * an {@link InferencePool} — at each batch size with 1 and 2 workers. Faces are real crops from
 * {@code ../shared/data/faces}, re-encoded as face-service sends them (square, 128 px, JPEG q90).
 *
 * <p>Prints a table, and one {@code RESULT} line per measurement for the stack command to read:
 * {@code RESULT name workers batch faces seconds cpuSeconds p50ms p95ms}.
 *
 * <p>Arguments: {@code <modelDir> <facesDir> <faces per run> <faces per frame> <batch sizes,
 * comma-separated> <worker counts, comma-separated> [<folder to write the 1000 crops to>]}.
 */
public final class LibraryBench {

  static final int CROP_SIZE = 128;
  static final int JPEG_QUALITY = 90;

  private LibraryBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6 && args.length != 7) {
      System.err.println(
          "usage: LibraryBench <modelDir> <facesDir> <faces> <facesPerFrame> <batches> <workers>"
              + " [<folder to write the crops to>]");
      System.exit(2);
    }
    Path modelDir = Path.of(args[0]);
    Path facesDir = Path.of(args[1]);
    int faces = Integer.parseInt(args[2]);
    int perFrame = Integer.parseInt(args[3]);
    int[] batches = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
    int[] workerCounts = Arrays.stream(args[5].split(",")).mapToInt(Integer::parseInt).toArray();

    // What mask-service sets before its engine starts: intra-op 1, an inter-op pool of one thread
    // per worker (here: as many as the most workers measured, since TF sizes it once per process).
    int mostWorkers = Arrays.stream(workerCounts).max().orElse(1);
    System.setProperty(
        "ai.djl.tensorflow.num_intraop_threads",
        System.getProperty("ai.djl.tensorflow.num_intraop_threads", "1"));
    System.setProperty(
        "ai.djl.tensorflow.num_interop_threads",
        System.getProperty("ai.djl.tensorflow.num_interop_threads", Integer.toString(mostWorkers)));
    OpenCvLoader.ensureLoaded();
    Engine.getEngine("TensorFlow");
    List<byte[]> crops = crops(facesDir, 1000);
    if (args.length == 7) {
      // The end-to-end run sends the very same crops through Kafka.
      Path out = Path.of(args[6]);
      for (int i = 0; i < crops.size(); i++) {
        Files.write(out.resolve(String.format("%04d.jpg", i)), crops.get(i));
      }
    }
    System.out.printf(
        "%d real face crops from %s (%d px JPEG q%d); TF intra-op %s, inter-op %s; %d cores%n",
        crops.size(),
        facesDir,
        CROP_SIZE,
        JPEG_QUALITY,
        System.getProperty("ai.djl.tensorflow.num_intraop_threads"),
        System.getProperty("ai.djl.tensorflow.num_interop_threads"),
        Runtime.getRuntime().availableProcessors());

    try (MaskClassifier classifier = MaskClassifier.load(modelDir)) {
      int size = classifier.metadata().inputSize();
      print(floor(modelDir, crops, size, faces));
      stages(classifier, crops, size, faces);
      for (int workers : workerCounts) {
        for (int batch : batches) {
          print(library(classifier, crops, size, faces, perFrame, workers, batch));
        }
      }
    }
  }

  /** A bare TF session on one thread, one pre-made [1, S, S, 3] tensor per call. */
  static Result floor(Path modelDir, List<byte[]> crops, int size, int faces) {
    ConfigProto oneThread =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(1)
            .setInterOpParallelismThreads(1)
            .build();
    List<TFloat32> inputs = new ArrayList<>();
    for (byte[] jpeg : crops) {
      Mat crop = Images.decode(jpeg);
      float[] pixels = FaceCropTranslator.toRgbFloats(crop, size);
      crop.release();
      inputs.add(
          TFloat32.tensorOf(Shape.of(1, size, size, 3), DataBuffers.of(pixels, true, false)));
    }
    try (SavedModelBundle bundle =
        SavedModelBundle.loader(modelDir.toString())
            .withTags(ModelContract.TAG)
            .withConfigProto(oneThread)
            .load()) {
      var function = bundle.function(ModelContract.SIGNATURE_KEY);
      for (int i = 0; i < 200; i++) {
        function.call(Map.of(ModelContract.INPUT_KEY, inputs.get(i % inputs.size()))).close();
      }
      double[] latencies = new double[faces];
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      for (int i = 0; i < faces; i++) {
        long s = System.nanoTime();
        function.call(Map.of(ModelContract.INPUT_KEY, inputs.get(i % inputs.size()))).close();
        latencies[i] = (System.nanoTime() - s) / 1e6;
      }
      long wall = System.nanoTime() - t0;
      return new Result(
          "floor", 1, 1, faces, wall / 1e9, (cpuNanos() - cpu0) / 1e9, latencies, "face");
    } finally {
      inputs.forEach(TFloat32::close);
    }
  }

  /** Where the time of the library path goes, one thread, one face at a time (CPU ms per face). */
  static void stages(MaskClassifier classifier, List<byte[]> crops, int size, int faces) {
    List<Mat> decoded = new ArrayList<>();
    long c0 = cpuNanos();
    for (int i = 0; i < faces; i++) {
      Mat m = Images.decode(crops.get(i % crops.size()));
      if (decoded.size() < crops.size()) {
        decoded.add(m);
      } else {
        m.release();
      }
    }
    double decode = (cpuNanos() - c0) / 1e6 / faces;
    c0 = cpuNanos();
    for (int i = 0; i < faces; i++) {
      FaceCropTranslator.toRgbFloats(decoded.get(i % decoded.size()), size);
    }
    double prepare = (cpuNanos() - c0) / 1e6 / faces;
    double predict;
    try (var predictor = classifier.newPredictor()) {
      for (int i = 0; i < 200; i++) {
        predictor.classify(decoded.get(i % decoded.size()));
      }
      c0 = cpuNanos();
      for (int i = 0; i < faces; i++) {
        predictor.classify(decoded.get(i % decoded.size()));
      }
      predict = (cpuNanos() - c0) / 1e6 / faces;
    }
    System.out.printf(
        "stages (CPU ms/face, one thread): JPEG decode %.3f, resize+RGB+float %.3f,"
            + " predictor (tensor + TF session + read-out) %.3f%n",
        decode, prepare, predict);
    decoded.forEach(Mat::release);
  }

  /**
   * mask-service's path without Kafka: frames of {@code perFrame} JPEG crops decoded and queued on
   * a pool, at most 64 frames in flight (the service's default); latency is per frame, from
   * decoding its crops to its last prediction.
   */
  static Result library(
      MaskClassifier classifier,
      List<byte[]> crops,
      int size,
      int faces,
      int perFrame,
      int workers,
      int batch) {
    PoolSettings settings = new PoolSettings(workers, batch, Duration.ofMillis(2), 4);
    try (InferencePool pool =
        InferencePool.start(
            "bench",
            () -> new SinglePredictor(classifier.newPredictor()),
            settings,
            PoolListener.NONE,
            size)) {
      FrameClassifier frames = new FrameClassifier(pool, 4_000_000, StageTimer.NONE);
      // Enough frames in flight to fill every worker's batch twice over, and no more: the latency
      // is then the service time, not a queue the benchmark made.
      int maxInFlight = Math.max(2 * workers, (2 * workers * batch + perFrame - 1) / perFrame);
      run(frames, crops, Math.min(faces, 400), perFrame, maxInFlight); // warm-up
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      double[] latencies = run(frames, crops, faces, perFrame, maxInFlight);
      long wall = System.nanoTime() - t0;
      return new Result(
          "library",
          workers,
          batch,
          faces,
          wall / 1e9,
          (cpuNanos() - cpu0) / 1e9,
          latencies,
          perFrame + "-face frame");
    }
  }

  private static double[] run(
      FrameClassifier frames, List<byte[]> crops, int faces, int perFrame, int maxInFlight) {
    int count = (faces + perFrame - 1) / perFrame;
    double[] latencies = new double[count];
    Semaphore inFlight = new Semaphore(maxInFlight);
    List<CompletableFuture<?>> all = new ArrayList<>(count);
    for (int f = 0; f < count; f++) {
      List<byte[]> frame = new ArrayList<>(perFrame);
      for (int i = 0; i < perFrame; i++) {
        frame.add(crops.get((f * perFrame + i) % crops.size()));
      }
      inFlight.acquireUninterruptibly();
      int index = f;
      long start = System.nanoTime();
      all.add(
          frames
              .classify("frame " + f, frame)
              .whenComplete(
                  (predictions, failure) -> {
                    latencies[index] = (System.nanoTime() - start) / 1e6;
                    inFlight.release();
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return latencies;
  }

  /** Up to {@code count} crops spread over every source and label, as face-service sends them. */
  static List<byte[]> crops(Path dir, int count) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".png"))
              .sorted()
              .toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no .jpg/.png face crops under " + dir);
    }
    List<byte[]> crops = new ArrayList<>();
    int step = Math.max(1, files.size() / count);
    for (int i = 0; i < files.size() && crops.size() < count; i += step) {
      Mat image = Images.read(files.get(i));
      try {
        crops.add(
            FaceCrops.squareJpeg(
                image, new Rect2d(0, 0, image.cols(), image.rows()), 0, CROP_SIZE, JPEG_QUALITY));
      } finally {
        image.release();
      }
    }
    return crops;
  }

  static long cpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void print(Result r) {
    System.out.printf(
        "%-8s workers %d batch %2d: %7.1f faces/s, CPU %.2f ms/face, p50 %.2f ms p95 %.2f ms per"
            + " %s%n",
        r.name,
        r.workers,
        r.batch,
        r.faces / r.seconds,
        r.cpuSeconds * 1000 / r.faces,
        percentile(r.latencies, 50),
        percentile(r.latencies, 95),
        r.unit);
    System.out.printf(
        "RESULT %s %d %d %d %.4f %.4f %.3f %.3f%n",
        r.name,
        r.workers,
        r.batch,
        r.faces,
        r.seconds,
        r.cpuSeconds,
        percentile(r.latencies, 50),
        percentile(r.latencies, 95));
  }

  static double percentile(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private record Result(
      String name,
      int workers,
      int batch,
      int faces,
      double seconds,
      double cpuSeconds,
      double[] latencies,
      String unit) {}
}
