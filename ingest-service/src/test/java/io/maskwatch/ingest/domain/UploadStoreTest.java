package io.maskwatch.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadStoreTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration TTL = Duration.ofHours(1);

  private final MutableClock clock = new MutableClock(START);
  private final UploadStore store = new UploadStore(3, TTL, clock);

  @Test
  void anAcceptedUploadIsPendingUntilItsResultArrives() {
    store.accepted("u1", "f1", clock.instant());
    assertThat(store.find("u1")).get().satisfies(s -> assertThat(s.isDone()).isFalse());

    clock.advance(Duration.ofSeconds(2));
    assertThat(store.completed(result("u1", "f1", START))).isTrue();

    UploadStatus done = store.find("u1").orElseThrow();
    assertThat(done.isDone()).isTrue();
    assertThat(done.result().faces()).hasSize(1);
    assertThat(done.since()).isEqualTo(START);
  }

  @Test
  void unknownUploadsAreNotFound() {
    assertThat(store.find("nobody")).isEmpty();
  }

  @Test
  void aResultForAnUploadAcceptedElsewhereIsKept() {
    store.completed(result("other", "f9", START));

    assertThat(store.find("other")).get().satisfies(s -> assertThat(s.isDone()).isTrue());
  }

  @Test
  void aResultThatArrivesBeforeTheAcceptanceIsRecordedStaysDone() {
    store.completed(result("u1", "f1", START));
    store.accepted("u1", "f1", START);

    assertThat(store.find("u1").orElseThrow().isDone()).isTrue();
  }

  @Test
  void uploadsAreForgottenOnceTheTtlHasPassedSinceAcceptance() {
    store.accepted("u1", "f1", clock.instant());
    clock.advance(Duration.ofMinutes(30));
    store.completed(result("u1", "f1", START));

    clock.advance(Duration.ofMinutes(29));
    assertThat(store.find("u1")).isPresent();

    clock.advance(Duration.ofMinutes(1));
    assertThat(store.find("u1")).isEmpty();
    assertThat(store.size()).isZero();
  }

  @Test
  void expiredEntriesAreSweptWhenNewOnesArrive() {
    store.accepted("old1", "f1", clock.instant());
    store.accepted("old2", "f2", clock.instant());
    clock.advance(TTL.plusSeconds(1));

    store.accepted("new", "f3", clock.instant());

    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void aResultOlderThanTheTtlIsIgnored() {
    clock.advance(TTL.plusMinutes(5));

    assertThat(store.completed(result("late", "f1", START))).isFalse();
    assertThat(store.find("late")).isEmpty();
  }

  @Test
  void theOldestUploadIsEvictedWhenTheStoreIsFull() {
    for (int i = 1; i <= 4; i++) {
      store.accepted("u" + i, "f" + i, clock.instant());
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(store.size()).isEqualTo(3);
    assertThat(store.find("u1")).isEmpty();
    assertThat(store.find("u2")).isPresent();
    assertThat(store.find("u4")).isPresent();
  }

  @Test
  void aResultDoesNotMakeAnUploadYoungerForEviction() {
    store.accepted("u1", "f1", clock.instant());
    store.accepted("u2", "f2", clock.instant());
    store.accepted("u3", "f3", clock.instant());
    store.completed(result("u1", "f1", START));

    store.accepted("u4", "f4", clock.instant());

    assertThat(store.find("u1")).isEmpty();
    assertThat(store.find("u2")).isPresent();
  }

  @Test
  void refusesLimitsThatCannotHoldAnything() {
    assertThatThrownBy(() -> new UploadStore(0, TTL, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UploadStore(10, Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static UploadResult result(String uploadId, String frameId, Instant capturedAt) {
    return new UploadResult(
        uploadId,
        frameId,
        capturedAt,
        "yunet",
        new UploadResult.Model("mask-classifier", "1", "abc"),
        List.of(
            new UploadResult.Face(
                0,
                new UploadResult.Box(1, 2, 30, 40),
                "with_mask",
                0.9f,
                0.8f,
                Map.of("with_mask", 0.9f, "without_mask", 0.1f))));
  }
}
