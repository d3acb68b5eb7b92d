package io.maskwatch.mask.domain;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes results in the order their inputs arrived, per key (camera), however out of order the
 * workers finish them, and settles each input only once its result is published.
 *
 * <p>Per key, inputs wait in a queue in arrival order. When the one at the head has its result, the
 * result is handed to the {@link Sink} (under one lock, so the sink sees each key's results in
 * order), and the input is {@linkplain Input#done() done} only when the sink says the result is
 * stored — for Kafka, that is when the consumer may count the record as processed and commit its
 * offset. An input whose result failed is {@linkplain Input#failed failed} in its turn (dead
 * letter) and the queue moves on.
 *
 * <p>At most {@code maxInFlight} inputs are between {@link #submit} and being settled; {@code
 * submit} blocks beyond that, which holds the Kafka consumer back instead of buffering without
 * bound.
 *
 * @param <T> the result published for one input
 */
public final class InOrderPublisher<T> {

  /** Where results go; the stage completes when the result is stored. */
  public interface Sink<T> {
    CompletionStage<Void> publish(T result);
  }

  /** The input behind a result: settled exactly once. */
  public interface Input {
    /** Its result is published. */
    void done();

    /** It has no result to publish (classifying failed, or publishing did). */
    void failed(Throwable reason);
  }

  private final Sink<T> sink;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final Map<String, ArrayDeque<Pending<T>>> queues = new HashMap<>();

  public InOrderPublisher(Sink<T> sink, int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    this.sink = sink;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
  }

  /**
   * Queues an input behind the earlier inputs of the same key; blocks while {@code maxInFlight}
   * inputs are unsettled.
   *
   * @throws InterruptedException while waiting for room (the input is not queued)
   */
  public void submit(String key, CompletionStage<T> result, Input input)
      throws InterruptedException {
    inFlight.acquire();
    Pending<T> pending = new Pending<>(result.toCompletableFuture(), input);
    synchronized (this) {
      queues.computeIfAbsent(key, k -> new ArrayDeque<>()).add(pending);
    }
    pending.result.whenComplete((value, failure) -> drain(key));
  }

  /** Inputs submitted and not settled yet. */
  public int inFlight() {
    return maxInFlight - inFlight.availablePermits();
  }

  /** Waits until every submitted input is settled, or the timeout passes; true when all are. */
  public boolean awaitSettled(long timeout, TimeUnit unit) throws InterruptedException {
    if (!inFlight.tryAcquire(maxInFlight, timeout, unit)) {
      return false;
    }
    inFlight.release(maxInFlight);
    return true;
  }

  private synchronized void drain(String key) {
    ArrayDeque<Pending<T>> queue = queues.get(key);
    while (queue != null && !queue.isEmpty() && queue.peek().result.isDone()) {
      Pending<T> head = queue.poll();
      T value;
      try {
        value = head.result.join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        settle(head.input, e.getCause() != null ? e.getCause() : e);
        continue;
      }
      CompletionStage<Void> stored;
      try {
        stored = sink.publish(value);
      } catch (RuntimeException e) {
        stored = CompletableFuture.failedFuture(e);
      }
      stored.whenComplete((ok, failure) -> settle(head.input, failure));
    }
    if (queue != null && queue.isEmpty()) {
      queues.remove(key);
    }
  }

  private void settle(Input input, Throwable failure) {
    try {
      if (failure == null) {
        input.done();
      } else {
        input.failed(
            failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure);
      }
    } finally {
      inFlight.release();
    }
  }

  private record Pending<T>(CompletableFuture<T> result, Input input) {}
}
