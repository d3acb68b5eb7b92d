package io.maskwatch.face.messaging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of worker threads that run tasks side by side, except that tasks with the same key
 * run one after another in the order they were submitted: one consumer's frames spread over every
 * worker whatever partitions they came from, and each camera's frames keep their order.
 *
 * <p>At most {@code maxInFlight} tasks are admitted and unfinished at a time: {@link #submit}
 * always takes the task, and the stage it returns completes once the task is within that bound. A
 * consumer that waits for that stage before taking its next record therefore never holds more than
 * {@code maxInFlight + 1} records (frames already taken and not yet done).
 */
final class KeyedWorkers implements AutoCloseable {

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final ExecutorService pool;
  private final int workers;
  private final int maxInFlight;
  private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
  private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private int inFlight;
  private int peakInFlight;

  KeyedWorkers(int workers, int maxInFlight, String threadName) {
    if (workers < 1) {
      throw new IllegalArgumentException("at least one worker, got " + workers);
    }
    if (maxInFlight < workers) {
      throw new IllegalArgumentException(
          "maxInFlight (" + maxInFlight + ") must be at least the workers (" + workers + ")");
    }
    this.workers = workers;
    this.maxInFlight = maxInFlight;
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        task -> {
          Thread thread = new Thread(task, threadName + "-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.pool = Executors.newFixedThreadPool(workers, threads);
  }

  int workers() {
    return workers;
  }

  /**
   * Runs {@code task} on a worker once every earlier task with this key has ended (a task that
   * throws ends too; it does not hold up its key).
   *
   * @return completes when the task is among the {@code maxInFlight} admitted ones
   */
  CompletionStage<Void> submit(String key, Runnable task) {
    CompletableFuture<Void> admitted;
    CompletableFuture<Void> run;
    synchronized (this) {
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      CompletableFuture<Void> previous = tails.getOrDefault(key, DONE);
      run = previous.handle((ignored, failure) -> null).thenRunAsync(task, pool);
      tails.put(key, run);
      if (inFlight <= maxInFlight) {
        admitted = DONE;
      } else {
        admitted = new CompletableFuture<>();
        waiting.addLast(admitted);
      }
    }
    CompletableFuture<Void> mine = run;
    run.whenComplete((ignored, failure) -> finished(key, mine));
    return admitted;
  }

  private void finished(String key, CompletableFuture<Void> run) {
    CompletableFuture<Void> admit = null;
    synchronized (this) {
      inFlight--;
      if (tails.get(key) == run) {
        tails.remove(key);
      }
      if (inFlight <= maxInFlight && !waiting.isEmpty()) {
        admit = waiting.pollFirst();
      }
    }
    if (admit != null) {
      admit.complete(null);
    }
  }

  /** Tasks taken and not yet ended, waiting ones included. */
  synchronized int inFlight() {
    return inFlight;
  }

  /** The most tasks ever taken and not yet ended at one time. */
  synchronized int peakInFlight() {
    return peakInFlight;
  }

  /** Lets running tasks end (up to 10 s) and starts no new ones. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
  }
}
