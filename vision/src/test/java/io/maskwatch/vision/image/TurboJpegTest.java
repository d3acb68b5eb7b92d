package io.maskwatch.vision.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * JPEGs through the system's libjpeg-turbo: the same pixels as OpenCV's decoder on real photos,
 * OpenCV kept for rotated EXIF and for what libjpeg-turbo refuses. {@code ./maskwatch test}
 * installs Debian's libturbojpeg0 first, so the library is expected here.
 */
class TurboJpegTest {

  @BeforeAll
  static void loadOpenCv() {
    OpenCvLoader.ensureLoaded();
  }

  @Test
  void theSystemLibraryIsUsed() {
    assertThat(TurboJpeg.load())
        .as(
            "libturbojpeg.so.0 should load (apt-get install libturbojpeg0; ./maskwatch test does):"
                + " %s",
            TurboJpeg.unavailableReason())
        .isPresent();
    assertThat(Images.jpegDecoder()).isEqualTo("libjpeg-turbo (libturbojpeg.so.0)");
  }

  @Test
  void realScenePhotosAndFaceCropsDecodeToTheSamePixelsAsOpenCv() throws IOException {
    List<Path> files =
        new ArrayList<>(SharedData.spread(SharedData.kaggleScenes().resolve("images"), 40));
    try (Stream<Path> sources = Files.list(SharedData.facesDir())) {
      for (Path source : sources.sorted().toList()) {
        for (String label : List.of("with_mask", "without_mask")) {
          Path dir = source.resolve(label);
          if (Files.isDirectory(dir)) {
            files.addAll(SharedData.spread(dir, 20));
          }
        }
      }
    }
    assertThat(files).hasSizeGreaterThan(100);
    TurboJpeg turbo = TurboJpeg.load().orElseThrow();
    int compared = 0;
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      ImageHeader header = ImageHeader.inspect(bytes);
      if (header.orientation() != ImageHeader.UPRIGHT) {
        continue;
      }
      TurboJpeg.Result fast = turbo.decodeBgr(bytes, header.width(), header.height());
      assertThat(fast.ok()).as("%s: %s", file, fast.error()).isTrue();
      Mat reference = Imgcodecs.imdecode(new MatOfByte(bytes), Imgcodecs.IMREAD_COLOR);
      assertThat(fast.image().size()).as("%s", file).isEqualTo(reference.size());
      assertThat(Core.norm(fast.image(), reference)).as("%s", file).isZero();
      compared++;
    }
    assertThat(compared).isGreaterThan(100);
  }

  @Test
  void progressiveGreyAndFullChromaJpegsMatchOpenCv() {
    Mat colour = ImagesTest.pattern(81, 47);
    Mat grey = new Mat(30, 41, CvType.CV_8UC1, new Scalar(90));
    List<byte[]> jpegs =
        List.of(
            encode(colour, Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1),
            encode(colour, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR, 0x111111),
            encode(colour, Imgcodecs.IMWRITE_JPEG_QUALITY, 40),
            encode(grey, Imgcodecs.IMWRITE_JPEG_QUALITY, 95));
    for (byte[] jpeg : jpegs) {
      Mat decoded = Images.decode(jpeg);
      Mat reference = Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_COLOR);
      assertThat(decoded.type()).isEqualTo(CvType.CV_8UC3);
      assertThat(decoded.size()).isEqualTo(reference.size());
      assertThat(Core.norm(decoded, reference)).isZero();
    }
  }

  @Test
  void aJpegStoredSidewaysIsTurnedUprightAsOpenCvDoes() {
    byte[] plain = encode(ImagesTest.pattern(60, 20), Imgcodecs.IMWRITE_JPEG_QUALITY, 90);
    for (boolean littleEndian : new boolean[] {true, false}) {
      byte[] rotated = withExifOrientation(plain, 6, littleEndian);
      ImageHeader header = ImageHeader.inspect(rotated);
      assertThat(header.orientation()).isEqualTo(6);
      Mat decoded = Images.decode(rotated);
      assertThat(decoded.cols()).as("width after turning 90 degrees").isEqualTo(20);
      assertThat(decoded.rows()).isEqualTo(60);
      Mat reference = Imgcodecs.imdecode(new MatOfByte(rotated), Imgcodecs.IMREAD_COLOR);
      assertThat(Core.norm(decoded, reference)).isZero();
    }
    assertThat(ImageHeader.inspect(withExifOrientation(plain, 1, true)).orientation())
        .isEqualTo(ImageHeader.UPRIGHT);
    assertThat(ImageHeader.inspect(plain).orientation()).isEqualTo(ImageHeader.UPRIGHT);
  }

  @Test
  void aMalformedExifBlockLeavesTheJpegToOpenCv() {
    byte[] plain = encode(ImagesTest.pattern(30, 20), Imgcodecs.IMWRITE_JPEG_QUALITY, 90);
    byte[] broken = withExifOrientation(plain, 6, true);
    int tiff = 2 + 4 + 6;
    broken[tiff] = 'X'; // neither II nor MM
    assertThat(ImageHeader.inspect(broken).orientation())
        .isEqualTo(ImageHeader.UNKNOWN_ORIENTATION);
    assertThat(Images.decode(broken).size()).isEqualTo(new org.opencv.core.Size(30, 20));
  }

  @Test
  void whatLibjpegTurboRefusesFallsBackToOpenCvsVerdict() {
    byte[] jpeg = encode(ImagesTest.pattern(32, 32), Imgcodecs.IMWRITE_JPEG_QUALITY, 90);
    int sof = indexOfMarker(jpeg, 0xC0);
    jpeg[sof + 4] = 13; // sample precision 13 bits: no JPEG decoder here supports it
    TurboJpeg.Result refused = TurboJpeg.load().orElseThrow().decodeBgr(jpeg, 32, 32);
    assertThat(refused.ok()).isFalse();
    assertThat(refused.error()).isNotBlank();
    assertThatThrownBy(() -> Images.decode(jpeg, "frame 7", Images.DEFAULT_MAX_PIXELS))
        .isInstanceOf(InvalidImageException.class)
        .hasMessage("frame 7: corrupt JPEG: OpenCV could not decode it");
  }

  @Test
  void encodingGivesTheBytesOpenCvWould() throws IOException {
    List<Mat> images = new ArrayList<>();
    images.add(ImagesTest.pattern(128, 128));
    images.add(ImagesTest.pattern(37, 23));
    for (Path file : SharedData.spread(SharedData.kaggleScenes().resolve("images"), 5)) {
      images.add(Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR));
    }
    for (Mat image : images) {
      for (int quality : new int[] {50, 90, 100}) {
        byte[] reference = encode(image, Imgcodecs.IMWRITE_JPEG_QUALITY, quality);
        byte[] fast = TurboJpeg.load().orElseThrow().encodeBgr(image, quality);
        assertThat(fast).as("%s at quality %d", image.size(), quality).isEqualTo(reference);
        assertThat(Images.encodeJpeg(image, quality)).isEqualTo(reference);
      }
    }
    Mat grey = new Mat(12, 9, CvType.CV_8UC1, new Scalar(33));
    assertThat(Images.encodeJpeg(grey, 90))
        .isEqualTo(encode(grey, Imgcodecs.IMWRITE_JPEG_QUALITY, 90));
    assertThatThrownBy(() -> Images.encodeJpeg(new Mat(), 90))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Images.encodeJpeg(grey, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] encode(Mat image, int flag, int value) {
    MatOfByte out = new MatOfByte();
    assertThat(Imgcodecs.imencode(".jpg", image, out, new MatOfInt(flag, value))).isTrue();
    return out.toArray();
  }

  /** The JPEG with an APP1 EXIF segment holding only an orientation tag, right after SOI. */
  private static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
    ByteArrayOutputStream tiff = new ByteArrayOutputStream();
    if (littleEndian) {
      tiff.writeBytes(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0});
      tiff.writeBytes(new byte[] {0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0});
    } else {
      tiff.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1});
      tiff.writeBytes(new byte[] {0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0});
    }
    tiff.writeBytes(new byte[] {0, 0, 0, 0}); // no next IFD
    byte[] payload = tiff.toByteArray();
    int length = 2 + 6 + payload.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(0xD8);
    out.write(0xFF);
    out.write(0xE1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
    out.writeBytes(payload);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  private static int indexOfMarker(byte[] jpeg, int marker) {
    for (int i = 2; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
        return i;
      }
    }
    throw new AssertionError("no marker 0x" + Integer.toHexString(marker));
  }
}
