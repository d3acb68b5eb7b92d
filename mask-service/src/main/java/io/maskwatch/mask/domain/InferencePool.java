package io.maskwatch.mask.domain;

import io.maskwatch.vision.classify.MaskPrediction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * N worker threads, each with its own predictor, taking faces from one queue: whichever worker is
 * free takes the next face, then gathers more until it has {@code batchSize} faces or {@code
 * maxWait} has passed, and classifies them in one session call. Faces of many frames (and cameras)
 * share a batch; each frame's future completes when all of its faces have a prediction, in the
 * frame's face order.
 *
 * <p>On CPU the default is one face per call: for small networks batching does not lower the CPU
 * per face, and one worker per core, each single-threaded inside TensorFlow, keeps every core busy
 * without the workers contending. On a GPU large batches are what keeps it busy.
 */
public final class InferencePool implements FrameClassifier.Faces, AutoCloseable {

  private static final Job STOP = new Job(null, null, 0, 0);

  private final PoolSettings settings;
  private final PoolListener listener;
  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  private InferencePool(PoolSettings settings, PoolListener listener) {
    this.settings = settings;
    this.listener = listener;
  }

  /**
   * Starts the workers and returns once every one has made its predictor and warmed it up.
   *
   * @param name prefix of the worker threads' names
   * @param predictors called once on each worker thread
   * @param inputSize the side of the blank crops used for warm-up
   * @throws IllegalStateException when a worker could not make or warm up its predictor (the others
   *     are stopped)
   */
  public static InferencePool start(
      String name,
      Supplier<? extends WorkerPredictor> predictors,
      PoolSettings settings,
      PoolListener listener,
      int inputSize) {
    InferencePool pool = new InferencePool(settings, listener);
    CountDownLatch started = new CountDownLatch(settings.workers());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (int i = 0; i < settings.workers(); i++) {
      int worker = i;
      Thread thread =
          new Thread(
              () -> pool.work(worker, predictors, inputSize, started, failure),
              name + "-worker-" + i);
      thread.setDaemon(true);
      // DJL finds its engine through the context class loader: give workers the caller's.
      thread.setContextClassLoader(loader);
      pool.threads.add(thread);
      thread.start();
    }
    try {
      started.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pool.close();
      throw new IllegalStateException("interrupted while the inference workers started", e);
    }
    Throwable failed = failure.get();
    if (failed != null) {
      pool.close();
      throw new IllegalStateException(
          "an inference worker did not start: " + describe(failed), failed);
    }
    return pool;
  }

  public PoolSettings settings() {
    return settings;
  }

  /**
   * Queues the crops of one frame.
   *
   * @param crops BGR crops, left unchanged; the caller keeps them alive until the future completes
   * @return one prediction per crop, in the order of the crops; completes at once for no crops,
   *     exceptionally when the engine failed on one of them or the pool is closed
   */
  @Override
  public CompletableFuture<List<MaskPrediction>> classify(List<Mat> crops) {
    if (crops.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    if (closed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("the inference pool is closed"));
    }
    FrameResult frame = new FrameResult(crops.size());
    long now = System.nanoTime();
    for (int i = 0; i < crops.size(); i++) {
      queue.add(new Job(crops.get(i), frame, i, now));
    }
    return frame.future;
  }

  /** Faces waiting for a worker. */
  public int queued() {
    return queue.size();
  }

  private void work(
      int worker,
      Supplier<? extends WorkerPredictor> predictors,
      int inputSize,
      CountDownLatch started,
      AtomicReference<Throwable> failure) {
    WorkerPredictor predictor;
    try {
      predictor = predictors.get();
      try {
        warmUp(predictor, inputSize);
      } catch (RuntimeException | LinkageError e) {
        predictor.close();
        throw e;
      }
    } catch (RuntimeException | LinkageError e) {
      failure.compareAndSet(null, e);
      started.countDown();
      return;
    }
    started.countDown();
    try {
      loop(worker, predictor);
    } finally {
      predictor.close();
    }
  }

  private void warmUp(WorkerPredictor predictor, int inputSize) {
    int count = Math.min(settings.warmupCrops(), settings.batchSize());
    if (settings.warmupCrops() <= 0) {
      return;
    }
    Mat blank = Mat.zeros(inputSize, inputSize, CvType.CV_8UC3);
    try {
      predictor.classify(List.of(blank));
      if (count > 1) {
        predictor.classify(Collections.nCopies(count, blank));
      }
    } finally {
      blank.release();
    }
  }

  private void loop(int worker, WorkerPredictor predictor) {
    long maxWait = settings.maxWait().toNanos();
    List<Job> batch = new ArrayList<>(settings.batchSize());
    while (true) {
      Job first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (first == STOP) {
        return;
      }
      batch.add(first);
      long deadline = System.nanoTime() + maxWait;
      while (batch.size() < settings.batchSize()) {
        Job next = queue.poll();
        if (next == null) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            next = queue.poll(left, TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
          if (next == null) {
            break;
          }
        }
        if (next == STOP) {
          // Not ours to take yet: finish this batch, then stop at the next take.
          queue.add(STOP);
          break;
        }
        batch.add(next);
      }
      run(worker, predictor, batch);
      batch.clear();
    }
  }

  private void run(int worker, WorkerPredictor predictor, List<Job> batch) {
    long start = System.nanoTime();
    List<Mat> crops = new ArrayList<>(batch.size());
    for (Job job : batch) {
      listener.queued(worker, start - job.submitted);
      crops.add(job.crop);
    }
    try {
      List<MaskPrediction> predictions = predictor.classify(crops);
      listener.batch(worker, batch.size(), System.nanoTime() - start);
      if (predictions.size() != batch.size()) {
        throw new IllegalStateException(
            "the classifier gave " + predictions.size() + " predictions for " + batch.size());
      }
      for (int i = 0; i < batch.size(); i++) {
        Job job = batch.get(i);
        job.frame.set(job.index, predictions.get(i));
      }
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).frame.fail(e);
        return;
      }
      // Faces of other frames share the batch: one at a time, so only the frame that fails does.
      for (Job job : batch) {
        run(worker, predictor, List.of(job));
      }
    }
  }

  /** Stops taking new faces, lets the workers finish every face already queued, then stops. */
  @Override
  public void close() {
    closed = true;
    for (int i = 0; i < threads.size(); i++) {
      queue.add(STOP);
    }
    boolean interrupted = false;
    for (Thread thread : threads) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getName() : message;
  }

  private record Job(Mat crop, FrameResult frame, int index, long submitted) {}

  /** The predictions of one frame's faces, filled in by whichever workers classify them. */
  private static final class FrameResult {
    private final MaskPrediction[] predictions;
    private final AtomicInteger missing;
    private final CompletableFuture<List<MaskPrediction>> future = new CompletableFuture<>();

    FrameResult(int faces) {
      this.predictions = new MaskPrediction[faces];
      this.missing = new AtomicInteger(faces);
    }

    void set(int index, MaskPrediction prediction) {
      predictions[index] = prediction;
      // The decrement publishes the array write to whoever sees zero.
      if (missing.decrementAndGet() == 0) {
        future.complete(List.of(predictions));
      }
    }

    void fail(Throwable reason) {
      future.completeExceptionally(reason);
    }
  }
}
