package io.maskwatch.face.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyedWorkersTest {

  @Test
  void eachKeyKeepsItsOrderWhileKeysRunSideBySide() throws Exception {
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    try (KeyedWorkers workers = new KeyedWorkers(2, 4, "test-worker")) {
      for (int i = 0; i < 200; i++) {
        String key = "camera-" + (i % 5);
        int n = i;
        // Waits for admission, as the consumer does before it takes its next record.
        workers
            .submit(
                key,
                () -> {
                  mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                  threads.add(Thread.currentThread().getName());
                  sleep(n % 7 == 0 ? 3 : 1);
                  seen.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()))
                      .add(n);
                  running.decrementAndGet();
                })
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (workers.inFlight() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(workers.inFlight()).isZero();
      // Waiting for admission before the next submit keeps at most maxInFlight + 1 taken.
      assertThat(workers.peakInFlight()).isBetween(3, 5);
    }
    assertThat(seen).hasSize(5);
    seen.forEach((key, order) -> assertThat(order).as(key).hasSize(40).isSorted());
    assertThat(mostAtOnce.get()).as("two keys searched at once").isEqualTo(2);
    assertThat(threads).hasSize(2);
  }

  @Test
  void aFailingTaskDoesNotHoldUpItsKey() throws Exception {
    CountDownLatch next = new CountDownLatch(1);
    try (KeyedWorkers workers = new KeyedWorkers(1, 1, "test-worker")) {
      workers.submit(
          "camera-1",
          () -> {
            throw new IllegalStateException("boom");
          });
      workers.submit("camera-1", next::countDown).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(next.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void admissionWaitsUntilATaskEnds() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (KeyedWorkers workers = new KeyedWorkers(1, 1, "test-worker")) {
      CompletableFuture<Void> first =
          workers.submit("a", () -> await(release)).toCompletableFuture();
      CompletableFuture<Void> second = workers.submit("b", () -> {}).toCompletableFuture();
      assertThat(first).isDone();
      Thread.sleep(100);
      assertThat(second).as("over the bound until the first ends").isNotDone();
      release.countDown();
      second.get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void refusesNoWorkersOrABoundBelowThem() {
    assertThatThrownBy(() -> new KeyedWorkers(0, 2, "w"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyedWorkers(2, 1, "w"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
