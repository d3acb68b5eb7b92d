package io.maskwatch.alert.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertIdsTest {

  @Test
  void theSameFaceAlwaysGetsTheSameIdAndOtherFacesOthers() {
    assertThat(AlertIds.of("frame-1", 0)).isEqualTo(AlertIds.of("frame-1", 0));
    assertThat(AlertIds.of("frame-1", 0)).isNotEqualTo(AlertIds.of("frame-1", 1));
    assertThat(AlertIds.of("frame-1", 0)).isNotEqualTo(AlertIds.of("frame-2", 0));
    // No ambiguity where the frame id ends in digits: ("frame-1", 11) vs ("frame-11", 1).
    assertThat(AlertIds.of("frame-1", 11)).isNotEqualTo(AlertIds.of("frame-11", 1));
  }

  @Test
  void idsAreFixedAcrossReleasesSoStoredAndPublishedAlertsKeepMatching() {
    assertThat(AlertIds.of("frame-1", 0).version()).isEqualTo(3);
    assertThat(AlertIds.of("frame-1", 0).toString())
        .isEqualTo("76720414-849b-33ea-b90a-f4a69bfe7495");
  }
}
