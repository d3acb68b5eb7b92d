package io.maskwatch.mask.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Results published per key in arrival order, and an input settled only once its result is stored:
 * what lets the Kafka connector commit an offset only after the verdicts of everything before it
 * are published.
 */
class InOrderPublisherTest {

  /** A sink whose stores complete only when the test says so, recording the order of publishes. */
  private static final class ManualSink implements InOrderPublisher.Sink<String> {
    final List<String> published = Collections.synchronizedList(new ArrayList<>());
    final List<CompletableFuture<Void>> stores = Collections.synchronizedList(new ArrayList<>());

    @Override
    public CompletionStage<Void> publish(String result) {
      published.add(result);
      CompletableFuture<Void> stored = new CompletableFuture<>();
      stores.add(stored);
      return stored;
    }

    void storeAll() {
      new ArrayList<>(stores).forEach(s -> s.complete(null));
    }
  }

  /** Records, per input, "done" or "failed: reason", in the order inputs were settled. */
  private static final class Inputs {
    final List<String> settled = Collections.synchronizedList(new ArrayList<>());

    InOrderPublisher.Input named(String name) {
      return new InOrderPublisher.Input() {
        @Override
        public void done() {
          settled.add(name + " done");
        }

        @Override
        public void failed(Throwable reason) {
          settled.add(name + " failed: " + reason.getMessage());
        }
      };
    }
  }

  @Test
  void resultsThatFinishOutOfOrderArePublishedInArrivalOrderPerKey() throws Exception {
    ManualSink sink = new ManualSink();
    Inputs inputs = new Inputs();
    InOrderPublisher<String> publisher = new InOrderPublisher<>(sink, 16);
    CompletableFuture<String> a1 = new CompletableFuture<>();
    CompletableFuture<String> a2 = new CompletableFuture<>();
    CompletableFuture<String> a3 = new CompletableFuture<>();
    CompletableFuture<String> b1 = new CompletableFuture<>();
    publisher.submit("cam-a", a1, inputs.named("a1"));
    publisher.submit("cam-a", a2, inputs.named("a2"));
    publisher.submit("cam-b", b1, inputs.named("b1"));
    publisher.submit("cam-a", a3, inputs.named("a3"));

    a3.complete("a3");
    a2.complete("a2");
    assertThat(sink.published).as("a1 is not done: nothing of cam-a may go out").isEmpty();
    b1.complete("b1");
    assertThat(sink.published).as("another camera does not wait for cam-a").containsExactly("b1");
    a1.complete("a1");

    assertThat(sink.published).containsExactly("b1", "a1", "a2", "a3");
  }

  @Test
  void anInputIsSettledOnlyAfterItsResultIsStored() throws Exception {
    ManualSink sink = new ManualSink();
    Inputs inputs = new Inputs();
    InOrderPublisher<String> publisher = new InOrderPublisher<>(sink, 16);
    publisher.submit("cam", CompletableFuture.completedFuture("r1"), inputs.named("r1"));
    publisher.submit("cam", CompletableFuture.completedFuture("r2"), inputs.named("r2"));

    assertThat(sink.published).containsExactly("r1", "r2");
    assertThat(inputs.settled).as("published but not stored yet: no ack, no commit").isEmpty();
    assertThat(publisher.inFlight()).isEqualTo(2);

    sink.stores.get(1).complete(null);
    assertThat(inputs.settled).containsExactly("r2 done");
    sink.stores.get(0).complete(null);
    assertThat(inputs.settled).containsExactly("r2 done", "r1 done");
    assertThat(publisher.inFlight()).isZero();
  }

  @Test
  void aFailedResultFailsItsInputInItsTurnAndTheNextStillGoesOut() throws Exception {
    ManualSink sink = new ManualSink();
    Inputs inputs = new Inputs();
    InOrderPublisher<String> publisher = new InOrderPublisher<>(sink, 16);
    CompletableFuture<String> broken = new CompletableFuture<>();
    publisher.submit("cam", broken, inputs.named("broken"));
    publisher.submit("cam", CompletableFuture.completedFuture("next"), inputs.named("next"));
    assertThat(sink.published).isEmpty();

    broken.completeExceptionally(new IllegalStateException("engine failed"));
    sink.storeAll();

    assertThat(sink.published).containsExactly("next");
    assertThat(inputs.settled).containsExactly("broken failed: engine failed", "next done");
  }

  @Test
  void aStoreThatFailsFailsItsInput() throws Exception {
    Inputs inputs = new Inputs();
    InOrderPublisher<String> publisher =
        new InOrderPublisher<>(
            r -> CompletableFuture.failedFuture(new IllegalStateException("broker gone")), 4);

    publisher.submit("cam", CompletableFuture.completedFuture("r"), inputs.named("r"));

    assertThat(inputs.settled).containsExactly("r failed: broker gone");
  }

  @Test
  void submitWaitsWhileTooManyInputsAreUnsettled() throws Exception {
    ManualSink sink = new ManualSink();
    Inputs inputs = new Inputs();
    InOrderPublisher<String> publisher = new InOrderPublisher<>(sink, 2);
    publisher.submit("cam", CompletableFuture.completedFuture("r1"), inputs.named("r1"));
    publisher.submit("cam", CompletableFuture.completedFuture("r2"), inputs.named("r2"));
    CountDownLatch third = new CountDownLatch(1);
    Thread consumer =
        new Thread(
            () -> {
              try {
                publisher.submit(
                    "cam", CompletableFuture.completedFuture("r3"), inputs.named("r3"));
                third.countDown();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    consumer.start();

    assertThat(third.await(200, TimeUnit.MILLISECONDS)).as("r3 must wait for room").isFalse();
    sink.stores.get(0).complete(null);
    assertThat(third.await(10, TimeUnit.SECONDS)).as("r3 gets in once r1 is settled").isTrue();
    consumer.join();
    sink.storeAll();
    assertThat(publisher.awaitSettled(10, TimeUnit.SECONDS)).isTrue();
    assertThat(inputs.settled).containsExactly("r1 done", "r2 done", "r3 done");
  }
}
