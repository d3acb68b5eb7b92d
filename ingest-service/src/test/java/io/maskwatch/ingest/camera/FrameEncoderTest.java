package io.maskwatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.ingest.camera.source.Picture;
import io.maskwatch.vision.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A camera's JPEG that fits is passed on untouched; one too large is scaled; a cut-off one fails.
 */
class FrameEncoderTest {

  private final FrameEncoder encoder = new FrameEncoder(0.85f);

  private static byte[] messi() throws IOException {
    return Files.readAllBytes(SharedData.root().resolve("data/videos/messi5.jpg"));
  }

  @Test
  void aJpegThatFitsIsPublishedAsItCameWithTheSizeFromItsHeader() throws IOException {
    byte[] jpeg = messi();
    var image = ImageIO.read(new ByteArrayInputStream(jpeg));

    FrameEncoder.Encoded encoded = encoder.encode(Picture.ofJpeg(jpeg, Instant.now()), 4000, 4000);

    assertThat(encoded.jpeg()).isSameAs(jpeg);
    assertThat(encoded.width()).isEqualTo(image.getWidth());
    assertThat(encoded.height()).isEqualTo(image.getHeight());
  }

  @Test
  void aJpegLargerThanTheCameraMaximumIsScaledDown() throws IOException {
    FrameEncoder.Encoded encoded = encoder.encode(Picture.ofJpeg(messi(), Instant.now()), 200, 200);

    assertThat(Math.max(encoded.width(), encoded.height())).isEqualTo(200);
    var image = ImageIO.read(new ByteArrayInputStream(encoded.jpeg()));
    assertThat(image.getWidth()).isEqualTo(encoded.width());
  }

  @Test
  void aCutOffJpegOrNoJpegAtAllIsRefusedWithAReason() throws IOException {
    byte[] jpeg = messi();
    byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 2);

    assertThatThrownBy(() -> encoder.encode(Picture.ofJpeg(cut, Instant.now()), 4000, 4000))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a whole JPEG");
    assertThatThrownBy(
            () -> encoder.encode(Picture.ofJpeg(new byte[] {1, 2, 3, 4, 5}, Instant.now()), 9, 9))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a whole JPEG");
  }
}
