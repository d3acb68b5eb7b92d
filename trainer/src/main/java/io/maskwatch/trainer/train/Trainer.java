package io.maskwatch.trainer.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import org.opencv.core.Mat;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Mini-batch training with class weights, a validation pass per epoch, early stopping on validation
 * loss (the best epoch's weights are restored), and one progress line per epoch. The next batch is
 * decoded and augmented on a second thread while TF runs the current one.
 */
public final class Trainer implements AutoCloseable {

  private static final double MIN_IMPROVEMENT = 1e-4;

  private final ClassifierGraph model;
  private final TrainConfig config;
  private final Session session;
  private final PrintStream out;
  private final ExecutorService loader;
  private float learningRate;
  private final List<Path> checkpointDirs = new ArrayList<>();

  public Trainer(ClassifierGraph model, TrainConfig config, PrintStream out) {
    this.model = model;
    this.config = config;
    this.out = out;
    ConfigProto proto =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(config.threads())
            .setInterOpParallelismThreads(1)
            .build();
    this.session = new Session(model.graph(), proto);
    this.session.initialize();
    this.loader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "batch-loader");
              t.setDaemon(true);
              return t;
            });
  }

  public Session session() {
    return session;
  }

  /** Trains on {@code train}, selects the epoch by loss on {@code validation}. */
  public TrainingResult fit(ImageSet train, ImageSet validation, float[] classWeights) {
    return fit(epoch -> train, validation, classWeights);
  }

  /**
   * As {@link #fit(ImageSet, ImageSet, float[])} with a training set drawn anew for each epoch
   * (1-based), e.g. fresh synthetic examples or a class-balanced sample.
   */
  public TrainingResult fit(
      IntFunction<ImageSet> trainForEpoch, ImageSet validation, float[] classWeights) {
    Path checkpointDir = createCheckpointDir();
    checkpointDirs.add(checkpointDir);
    String checkpoint = checkpointDir.resolve("best").toString();
    List<EpochStats> history = new ArrayList<>();
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    int sinceBest = 0;
    long started = System.nanoTime();
    boolean stoppedEarly = false;
    learningRate = config.learningRate();
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      long epochStart = System.nanoTime();
      double[] trainFigures = trainEpoch(trainForEpoch.apply(epoch), classWeights, epoch);
      Evaluation val = evaluate(validation, classWeights);
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      EpochStats stats =
          new EpochStats(
              epoch, trainFigures[0], trainFigures[1], val.loss(), val.accuracy(), seconds);
      history.add(stats);
      boolean improved = val.loss() < bestLoss - MIN_IMPROVEMENT;
      if (improved) {
        bestLoss = val.loss();
        bestEpoch = epoch;
        sinceBest = 0;
        session.save(checkpoint);
      } else {
        sinceBest++;
        if (sinceBest % config.lrPatience() == 0 && sinceBest < config.patience()) {
          learningRate /= 2;
          if (bestEpoch > 0) {
            session.restore(checkpoint);
          }
          out.printf(
              "no val_loss improvement for %d epochs: back to epoch %d, learning rate %.2e%n",
              sinceBest, bestEpoch, learningRate);
        }
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      double eta = elapsed / epoch * (config.epochs() - epoch);
      out.printf(
          "epoch %3d/%d  loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  %5.1f s  ETA %s%s%n",
          epoch,
          config.epochs(),
          stats.trainLoss(),
          stats.trainAccuracy(),
          stats.valLoss(),
          stats.valAccuracy(),
          seconds,
          formatDuration(eta),
          improved ? "  *best" : "");
      if (sinceBest >= config.patience()) {
        out.printf(
            "early stop: no val_loss improvement for %d epochs; keeping epoch %d%n",
            config.patience(), bestEpoch);
        stoppedEarly = true;
        break;
      }
    }
    if (bestEpoch > 0) {
      session.restore(checkpoint);
    }
    return new TrainingResult(List.copyOf(history), bestEpoch, stoppedEarly);
  }

  /** Class probabilities for every image of {@code set}, in order (no augmentation). */
  public float[][] predict(ImageSet set) {
    return evaluate(set, null).probabilities();
  }

  private double[] trainEpoch(ImageSet train, float[] classWeights, int epoch) {
    int[] order = shuffledIndices(train.size(), new Random(config.seed() * 31 + epoch));
    Random augmentRandom = new Random(config.seed() * 17 + epoch);
    double lossSum = 0;
    long correct = 0;
    long seen = 0;
    int batches = (order.length + config.batchSize() - 1) / config.batchSize();
    CompletableFuture<PixelBatch> next = loadAsync(train, order, 0, classWeights, augmentRandom);
    for (int b = 0; b < batches; b++) {
      PixelBatch batch = next.join();
      if (b + 1 < batches) {
        next = loadAsync(train, order, (b + 1) * config.batchSize(), classWeights, augmentRandom);
      }
      try (TFloat32 images = batch.imagesTensor();
          var labels = batch.labelsTensor();
          TFloat32 weights = batch.weightsTensor();
          TFloat32 dropout = TFloat32.scalarOf(config.dropout());
          TFloat32 rate = TFloat32.scalarOf(learningRate);
          Result result =
              session
                  .runner()
                  .feed(model.images(), images)
                  .feed(model.labels(), labels)
                  .feed(model.weights(), weights)
                  .feed(model.dropoutRate(), dropout)
                  .feed(model.learningRate(), rate)
                  .addTarget(model.trainStep())
                  .fetch(model.loss())
                  .fetch(model.probabilities())
                  .run()) {
        float loss = ((TFloat32) result.get(0)).getFloat();
        TFloat32 probs = (TFloat32) result.get(1);
        lossSum += loss * batch.size();
        correct += countCorrect(probs, batch);
        seen += batch.size();
      }
    }
    return new double[] {lossSum / seen, (double) correct / seen};
  }

  private Evaluation evaluate(ImageSet set, float[] classWeights) {
    float[][] probabilities = new float[set.size()][];
    int[] order = new int[set.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    float[] weightsOrOnes = classWeights;
    if (weightsOrOnes == null) {
      weightsOrOnes = new float[model.numClasses()];
      java.util.Arrays.fill(weightsOrOnes, 1f);
    }
    double weightedLoss = 0;
    double weightSum = 0;
    long correct = 0;
    Random unused = new Random(0);
    for (int start = 0; start < order.length; start += config.batchSize()) {
      PixelBatch batch = load(set, order, start, weightsOrOnes, unused);
      try (TFloat32 images = batch.imagesTensor();
          var labels = batch.labelsTensor();
          TFloat32 weights = batch.weightsTensor();
          Result result =
              session
                  .runner()
                  .feed(model.images(), images)
                  .feed(model.labels(), labels)
                  .feed(model.weights(), weights)
                  .fetch(model.loss())
                  .fetch(model.probabilities())
                  .run()) {
        float loss = ((TFloat32) result.get(0)).getFloat();
        TFloat32 probs = (TFloat32) result.get(1);
        double batchWeight = 0;
        for (int i = 0; i < batch.size(); i++) {
          batchWeight += weightsOrOnes[batch.label(i)];
          float[] row = new float[model.numClasses()];
          for (int c = 0; c < row.length; c++) {
            row[c] = probs.getFloat(i, c);
          }
          probabilities[start + i] = row;
        }
        weightedLoss += loss * batchWeight;
        weightSum += batchWeight;
        correct += countCorrect(probs, batch);
      }
    }
    double loss = weightSum == 0 ? Double.NaN : weightedLoss / weightSum;
    double accuracy = set.size() == 0 ? Double.NaN : (double) correct / set.size();
    return new Evaluation(loss, accuracy, probabilities);
  }

  private CompletableFuture<PixelBatch> loadAsync(
      ImageSet set, int[] order, int start, float[] classWeights, Random random) {
    return CompletableFuture.supplyAsync(
        () -> load(set, order, start, classWeights, random), loader);
  }

  private PixelBatch load(
      ImageSet set, int[] order, int start, float[] classWeights, Random random) {
    int end = Math.min(order.length, start + config.batchSize());
    PixelBatch batch = new PixelBatch(end - start, model.inputSize());
    for (int i = start; i < end; i++) {
      Mat image = set.load(order[i], random);
      try {
        int label = set.classIndex(order[i]);
        batch.add(image, label, classWeights[label]);
      } finally {
        image.release();
      }
    }
    return batch;
  }

  private static long countCorrect(TFloat32 probs, PixelBatch batch) {
    long correct = 0;
    int classes = (int) probs.shape().get(1);
    for (int i = 0; i < batch.size(); i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (probs.getFloat(i, c) > probs.getFloat(i, best)) {
          best = c;
        }
      }
      if (best == batch.label(i)) {
        correct++;
      }
    }
    return correct;
  }

  private static int[] shuffledIndices(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }

  private static Path createCheckpointDir() {
    try {
      return Files.createTempDirectory("maskwatch-ckpt");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a checkpoint directory", e);
    }
  }

  static String formatDuration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format("%dm%02ds", s / 60, s % 60);
  }

  @Override
  public void close() {
    loader.shutdownNow();
    session.close();
    for (Path dir : checkpointDirs) {
      deleteRecursively(dir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp folder is not worth failing a finished training over.
    }
  }

  private record Evaluation(double loss, double accuracy, float[][] probabilities) {}
}
