package io.maskwatch.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTest {

  @Test
  void keepsOnlyTheLastPathSegment() {
    assertThat(FileNames.clean("C:\\Users\\me\\Pictures\\team.jpg")).contains("team.jpg");
    assertThat(FileNames.clean("../../etc/passwd")).contains("passwd");
    assertThat(FileNames.clean("lobby 1.png")).contains("lobby 1.png");
  }

  @Test
  void dropsControlCharactersAndCutsLongNames() {
    assertThat(FileNames.clean("a\nb\u0000c.jpg")).contains("abc.jpg");
    assertThat(FileNames.clean("x".repeat(1000)).orElseThrow()).hasSize(FileNames.MAX_LENGTH);
  }

  @Test
  void nothingUsableIsNoName() {
    assertThat(FileNames.clean(null)).isEmpty();
    assertThat(FileNames.clean("  ")).isEmpty();
    assertThat(FileNames.clean("photos/")).isEmpty();
  }
}
