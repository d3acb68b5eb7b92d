package io.maskwatch.vision.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.testing.SharedData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

class ImagesTest {

  @TempDir Path temp;

  @BeforeAll
  static void loadOpenCv() {
    OpenCvLoader.ensureLoaded();
  }

  @Test
  void decodesARealJpegFaceCropIntoABgrMat() throws IOException {
    Path file = SharedData.faces("chandrikadeb7", "with_mask", 1).get(0);
    Mat image = Images.read(file);
    assertThat(image.type()).isEqualTo(CvType.CV_8UC3);
    assertThat(image.cols()).isBetween(16, 320);
    assertThat(image.rows()).isBetween(16, 320);
    // Same pixels as OpenCV's own reader: the checks in front of imdecode change nothing.
    Mat reference = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
    assertThat(Core.norm(image, reference)).isZero();
  }

  @Test
  void decodesPngLosslesslyAsBgr() {
    Mat original = pattern(37, 23);
    Mat decoded = Images.decode(encode(original, ".png"));
    assertThat(decoded.size()).isEqualTo(original.size());
    assertThat(Core.norm(decoded, original)).isZero();
    // Channel order survives: blue stays in channel 0.
    assertThat(decoded.get(0, 0)).containsExactly(original.get(0, 0));
  }

  @Test
  void grayscalePngBecomesThreeChannels() {
    Mat gray = new Mat(10, 12, CvType.CV_8UC1, new Scalar(77));
    Mat decoded = Images.decode(encode(gray, ".png"));
    assertThat(decoded.type()).isEqualTo(CvType.CV_8UC3);
    assertThat(decoded.get(5, 5)).containsExactly(77, 77, 77);
  }

  @Test
  void emptyBytesAreRejected() {
    assertThatThrownBy(() -> Images.decode(new byte[0]))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> Images.decode(null))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void bytesThatAreNotAnImageAreRejected() {
    byte[] text = "hello, not a picture".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> Images.decode(text, "note.txt", Images.DEFAULT_MAX_PIXELS))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageStartingWith("note.txt: ")
        .hasMessageContaining("not a JPEG or PNG")
        .hasMessageContaining("68 65 6C 6C");
  }

  @Test
  void truncatedJpegIsRejectedInsteadOfDecodingHalfGrey() {
    byte[] jpeg = encode(pattern(64, 48), ".jpg");
    assertThat(Images.decode(jpeg).empty()).isFalse();
    for (int keep : new int[] {jpeg.length - 2, jpeg.length * 2 / 3, 40, 10, 3}) {
      byte[] cut = Arrays.copyOf(jpeg, keep);
      assertThatThrownBy(() -> Images.decode(cut))
          .as("JPEG cut to %d of %d bytes", keep, jpeg.length)
          .isInstanceOf(InvalidImageException.class)
          .hasMessageContaining("truncated or corrupt JPEG");
    }
  }

  @Test
  void truncatedPngIsRejected() {
    byte[] png = encode(pattern(64, 48), ".png");
    for (int keep : new int[] {png.length - 5, png.length / 2, 20}) {
      byte[] cut = Arrays.copyOf(png, keep);
      assertThatThrownBy(() -> Images.decode(cut))
          .as("PNG cut to %d of %d bytes", keep, png.length)
          .isInstanceOf(InvalidImageException.class)
          .hasMessageContaining("truncated or corrupt PNG");
    }
  }

  @Test
  void pngWithDamagedPixelDataIsRejectedAsCorrupt() {
    byte[] png = encode(pattern(64, 48), ".png");
    int idat = indexOf(png, "IDAT".getBytes(StandardCharsets.US_ASCII));
    for (int i = idat + 10; i < idat + 30; i++) {
      png[i] ^= (byte) 0x5A;
    }
    assertThatThrownBy(() -> Images.decode(png))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("corrupt PNG")
        .hasMessageContaining("could not decode");
  }

  @Test
  void imageClaimingTooManyPixelsIsRejectedBeforeDecoding() {
    byte[] bomb = pngHeaderOnly(100_000, 100_000);
    assertThatThrownBy(() -> Images.decode(bomb))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("too large")
        .hasMessageContaining("100000x100000")
        .hasMessageContaining(String.valueOf(Images.DEFAULT_MAX_PIXELS));
    byte[] small = encode(pattern(20, 10), ".jpg");
    assertThatThrownBy(() -> Images.decode(small, "frame", 199))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("20x10 is 200 pixels");
    assertThat(Images.decode(small, "frame", 200).cols()).isEqualTo(20);
  }

  @Test
  void readingAMissingFileNamesThePath() {
    Path missing = temp.resolve("missing.jpg");
    assertThatThrownBy(() -> Images.read(missing))
        .isInstanceOf(InvalidImageException.class)
        .hasMessage(missing + ": no such file");
    assertThatThrownBy(() -> Images.read(temp))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("is a directory");
  }

  @Test
  void readingACorruptFileNamesThePathAndTheProblem() throws IOException {
    byte[] jpeg = encode(pattern(64, 48), ".jpg");
    Path file = temp.resolve("cut.jpg");
    Files.write(file, Arrays.copyOf(jpeg, jpeg.length / 2));
    assertThatThrownBy(() -> Images.read(file))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageStartingWith(file + ": truncated or corrupt JPEG");
  }

  /** A BGR image whose pixels all differ, so any channel or position mix-up shows. */
  static Mat pattern(int width, int height) {
    Mat image = new Mat(height, width, CvType.CV_8UC3);
    byte[] data = new byte[width * height * 3];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ((i * 7 + i / 3 * 13) % 251);
    }
    image.put(0, 0, data);
    Imgproc.circle(
        image, new org.opencv.core.Point(width / 2.0, height / 2.0), 5, new Scalar(0, 0, 255), -1);
    return image;
  }

  static byte[] encode(Mat image, String extension) {
    MatOfByte out = new MatOfByte();
    assertThat(Imgcodecs.imencode(extension, image, out)).isTrue();
    return out.toArray();
  }

  /** A well-formed PNG chunk sequence that claims a size and carries no pixels. */
  private static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    png.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII));
    png.putInt(width).putInt(height).put(new byte[] {8, 2, 0, 0, 0}).putInt(0);
    png.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0);
    return png.array();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
