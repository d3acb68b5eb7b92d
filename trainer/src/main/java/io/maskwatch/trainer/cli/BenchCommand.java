package io.maskwatch.trainer.cli;

import ai.djl.engine.Engine;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.classify.FaceCropTranslator;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.model.ModelContract;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maskwatch bench classify}: CPU cost of one face through the classifier, on real crops,
 * with TF held to one thread. Reports the bare model (TF session, pre-made tensor) as the floor and
 * the served path (decode-free crop → translator → DJL predictor) on top of it.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the classifier: ms of CPU and wall time per face, one face per call, TF on one",
      "thread. Run it as `taskset -c 0 ./maskwatch bench` for one core."
    })
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--model", description = "SavedModel folder (default models/mask-classifier).")
  private Path model;

  @Option(
      names = "--faces",
      description = "Folder searched for face crops (default ../shared/data/faces).")
  private Path faces;

  @Option(names = "--count", defaultValue = "300", description = "Faces per measurement.")
  private int count;

  @Option(names = "--warmup", defaultValue = "30")
  private int warmup;

  @Override
  public Integer call() throws IOException {
    System.setProperty("ai.djl.tensorflow.num_interop_threads", "1");
    System.setProperty("ai.djl.tensorflow.num_intraop_threads", "1");
    OpenCvLoader.ensureLoaded();
    Engine.getEngine("TensorFlow");
    Path modelDir = model != null ? model : ClassifyCommand.defaultModelDir();
    Path faceDir = faces != null ? faces : MaskwatchCli.shared("data/faces");
    List<Mat> crops = loadCrops(faceDir, count);
    System.out.printf("%d real face crops from %s%n", crops.size(), faceDir);

    try (MaskClassifier classifier = MaskClassifier.load(modelDir)) {
      int size = classifier.metadata().inputSize();
      System.out.printf(
          "model %s (%s, %d px), sha256 %s%n",
          classifier.metadata().name(),
          classifier.metadata().architecture(),
          size,
          classifier.sha256());
      Measurement floor = bareModel(modelDir, crops, size);
      Measurement served = servedPath(classifier, crops);
      System.out.printf("%-44s %12s %12s %10s%n", "path", "CPU ms/face", "wall ms/face", "faces/s");
      print("bare model (TF session, 1 thread, batch 1)", floor);
      print("served path (translator + DJL, batch 1)", served);
    }
    return 0;
  }

  private static void print(String name, Measurement m) {
    System.out.printf(
        "%-44s %12.2f %12.2f %10.1f%n", name, m.cpuMillis(), m.wallMillis(), 1000 / m.wallMillis());
  }

  private Measurement bareModel(Path modelDir, List<Mat> crops, int size) {
    ConfigProto oneThread =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(1)
            .setInterOpParallelismThreads(1)
            .build();
    List<TFloat32> inputs = new ArrayList<>();
    for (Mat crop : crops) {
      float[] pixels = FaceCropTranslator.toRgbFloats(crop, size);
      inputs.add(
          TFloat32.tensorOf(Shape.of(1, size, size, 3), DataBuffers.of(pixels, true, false)));
    }
    try (SavedModelBundle bundle =
        SavedModelBundle.loader(modelDir.toString())
            .withTags(ModelContract.TAG)
            .withConfigProto(oneThread)
            .load()) {
      var function = bundle.function(ModelContract.SIGNATURE_KEY);
      Runnable[] calls = new Runnable[inputs.size()];
      for (int i = 0; i < calls.length; i++) {
        TFloat32 input = inputs.get(i);
        calls[i] = () -> function.call(Map.of(ModelContract.INPUT_KEY, input)).close();
      }
      return measure(calls);
    } finally {
      inputs.forEach(TFloat32::close);
    }
  }

  private Measurement servedPath(MaskClassifier classifier, List<Mat> crops) {
    try (MaskPredictor predictor = classifier.newPredictor()) {
      Runnable[] calls = new Runnable[crops.size()];
      for (int i = 0; i < calls.length; i++) {
        Mat crop = crops.get(i);
        calls[i] = () -> predictor.classify(crop);
      }
      return measure(calls);
    }
  }

  private Measurement measure(Runnable[] calls) {
    for (int i = 0; i < Math.min(warmup, calls.length); i++) {
      calls[i].run();
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    for (Runnable call : calls) {
      call.run();
    }
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e6 / calls.length;
    double wall = (System.nanoTime() - wall0) / 1e6 / calls.length;
    return new Measurement(cpu, wall);
  }

  private static List<Mat> loadCrops(Path dir, int count) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no .jpg face crops under " + dir);
    }
    // Spread the picks over the sorted list so every source and label is in the sample.
    List<Mat> crops = new ArrayList<>();
    int step = Math.max(1, files.size() / count);
    for (int i = 0; i < files.size() && crops.size() < count; i += step) {
      crops.add(Images.read(files.get(i)));
    }
    return crops;
  }

  private record Measurement(double cpuMillis, double wallMillis) {}
}
