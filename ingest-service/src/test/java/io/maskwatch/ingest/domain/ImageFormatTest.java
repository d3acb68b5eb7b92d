package io.maskwatch.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.ingest.TestImages;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

  @Test
  void declaredTypesAreReadWithoutParametersOrCase() {
    assertThat(ImageFormat.ofContentType("image/jpeg")).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.ofContentType("Image/PNG; q=1")).contains(ImageFormat.PNG);
    assertThat(ImageFormat.ofContentType("image/gif")).isEmpty();
    assertThat(ImageFormat.ofContentType("image/jpg")).isEmpty();
    assertThat(ImageFormat.ofContentType(null)).isEmpty();
  }

  @Test
  void sniffsRealPhotosByTheirFirstBytes() {
    byte[] jpeg = TestImages.bytes(TestImages.photo(0));

    assertThat(ImageFormat.sniff(jpeg)).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.sniff(TestImages.reencode(jpeg, "png"))).contains(ImageFormat.PNG);
    assertThat(ImageFormat.sniff(TestImages.reencode(jpeg, "gif"))).isEmpty();
  }

  @Test
  void sniffsNothingInShortOrForeignBytes() {
    assertThat(ImageFormat.sniff(new byte[0])).isEmpty();
    assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEmpty();
    assertThat(ImageFormat.sniff("hello".getBytes(StandardCharsets.US_ASCII))).isEmpty();
  }

  @Test
  void describesWhatTheBytesAreForErrorMessages() {
    byte[] jpeg = TestImages.bytes(TestImages.photo(0));

    assertThat(ImageFormat.describe(jpeg)).isEqualTo("a JPEG image");
    assertThat(ImageFormat.describe(TestImages.reencode(jpeg, "gif"))).isEqualTo("a GIF image");
    assertThat(ImageFormat.describe("hi!".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("data starting with 68 69 21");
  }
}
