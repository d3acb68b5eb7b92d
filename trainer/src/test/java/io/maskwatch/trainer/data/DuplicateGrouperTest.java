package io.maskwatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateGrouperTest {
  private static ImageFingerprint print(String sha, long hash, long upper) {
    return new ImageFingerprint(sha, hash, upper);
  }

  @Test
  void joinsExactCopiesNearCopiesAndChainsTransitively() {
    long base = 0x0F0F_0F0F_0F0F_0F0FL;
    List<ImageFingerprint> prints =
        List.of(
            print("a", base, 1),
            print("b", base ^ 0b111111L, 2), // 6 bits from a: near copy
            print("c", base ^ 0b111111L ^ (0b111111L << 20), 3), // 6 from b, 12 from a: chained
            print("a", ~base, 4), // same bytes as a, whatever its hashes say
            print("d", ~base ^ (0b1111111L << 40), 5), // 7 bits from the 4th: apart
            print("e", 0x1234_5678L, 6));

    int[] groups = new DuplicateGrouper(6, -1).group(prints);

    assertThat(groups).containsExactly(0, 0, 0, 0, 1, 2);
  }

  @Test
  void upperHalfHashJoinsPastedMaskCopies() {
    List<ImageFingerprint> prints =
        List.of(
            print("a", 0L, 0xFFFF_0000L),
            print("b", -1L, 0xFFFF_0003L),
            print("c", 0x00FF_00FFL, 0));

    assertThat(new DuplicateGrouper(6, 4).group(prints)).containsExactly(0, 0, 1);
    assertThat(new DuplicateGrouper(6, -1).group(prints)).containsExactly(0, 1, 2);
  }

  @Test
  void thresholdsOutOfRangeAreRejected() {
    assertThatThrownBy(() -> new DuplicateGrouper(-1, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DuplicateGrouper(6, 65))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
