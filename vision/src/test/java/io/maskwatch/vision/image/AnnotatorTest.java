package io.maskwatch.vision.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class AnnotatorTest {

  private static final Scalar GREY_FRAME = new Scalar(90, 90, 90);

  @BeforeAll
  static void loadOpenCv() {
    OpenCvLoader.ensureLoaded();
  }

  @Test
  void drawsTheBoxInTheLabelsColourOnACopyAndLeavesTheOriginalAlone() {
    Mat frame = plain(400, 300);
    Mat before = frame.clone();
    Mat annotated =
        Annotator.annotate(frame, List.of(new Annotator.Face(100, 120, 80, 60, "without_mask", 1)));

    assertThat(Core.norm(frame, before)).isZero();
    assertThat(annotated.size()).isEqualTo(frame.size());
    Scalar red = Annotator.colour("without_mask");
    // Left, right and bottom edges, half-way along.
    assertThat(pixel(annotated, 100, 150)).isEqualTo(red);
    assertThat(pixel(annotated, 179, 150)).isEqualTo(red);
    assertThat(pixel(annotated, 140, 179)).isEqualTo(red);
    // Inside and outside the box the frame is untouched.
    assertThat(pixel(annotated, 140, 150)).isEqualTo(GREY_FRAME);
    assertThat(pixel(annotated, 300, 250)).isEqualTo(GREY_FRAME);
  }

  @Test
  void eachLabelHasItsOwnColourAndUnknownLabelsAreGrey() {
    Scalar withMask = Annotator.colour("with_mask");
    Scalar without = Annotator.colour("without_mask");
    Scalar incorrect = Annotator.colour("mask_weared_incorrect");
    assertThat(List.of(withMask, without, incorrect)).doesNotHaveDuplicates();
    // Green, red, amber: the dominant channel is the one the name promises (BGR order).
    assertThat(withMask.val[1]).isGreaterThan(withMask.val[2]);
    assertThat(without.val[2]).isGreaterThan(without.val[1] + 100);
    assertThat(incorrect.val[2]).isGreaterThan(incorrect.val[0] + 100);
    Scalar other = Annotator.colour("unknown");
    assertThat(other.val[0]).isEqualTo(other.val[1]).isEqualTo(other.val[2]);
  }

  @Test
  void labelColoursStayApartForRedGreenColourBlindViewers() {
    List<Scalar> palette =
        List.of(
            Annotator.colour("with_mask"),
            Annotator.colour("without_mask"),
            Annotator.colour("mask_weared_incorrect"));
    assertThat(ColourVision.smallestDistanceForDichromats(palette)).isGreaterThan(100);
    // The check is not vacuous: a naive green / red / orange palette fails it.
    List<Scalar> naive =
        List.of(new Scalar(0, 200, 0), new Scalar(0, 0, 230), new Scalar(0, 165, 255));
    assertThat(ColourVision.smallestDistanceForDichromats(naive)).isLessThan(50);
  }

  @Test
  void captionSaysLabelAndConfidenceInAnyLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(Annotator.caption("without_mask", 0.9712)).isEqualTo("without_mask 0.97");
      assertThat(Annotator.caption("with_mask", 1.0)).isEqualTo("with_mask 1.00");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void captionSitsOnAFilledBackgroundAboveTheBoxWithContrastingText() {
    Mat annotated =
        Annotator.annotate(
            plain(400, 300), List.of(new Annotator.Face(100, 120, 80, 60, "with_mask", 0.88)));
    Scalar green = Annotator.colour("with_mask");
    Scalar text = Annotator.textColourOn(green);
    Mat band = annotated.submat(new Rect(100, 100, 80, 20));
    int background = countPixels(band, green);
    int letters = countDarkPixels(band);
    assertThat(background).as("filled background above the box").isGreaterThan(600);
    assertThat(letters).as("dark text pixels inside the background").isGreaterThan(20);
    // Green is light: the text is black on it; the dark red gets white text.
    assertThat(text).isEqualTo(new Scalar(0, 0, 0));
    assertThat(Annotator.textColourOn(Annotator.colour("without_mask")))
        .isEqualTo(new Scalar(255, 255, 255));
  }

  @Test
  void captionMovesInsideTheBoxWhenTheBoxTouchesTheTop() {
    Mat annotated =
        Annotator.annotate(
            plain(400, 300),
            List.of(new Annotator.Face(50, 0, 120, 80, "mask_weared_incorrect", 0.6)));
    Scalar amber = Annotator.colour("mask_weared_incorrect");
    assertThat(countPixels(annotated.submat(new Rect(52, 2, 60, 8)), amber)).isGreaterThan(200);
  }

  @Test
  void linesGrowWithTheImage() {
    assertThat(Annotator.lineThickness(512, 366)).isEqualTo(1);
    assertThat(Annotator.lineThickness(1280, 720)).isEqualTo(2);
    assertThat(Annotator.lineThickness(1920, 1080)).isEqualTo(3);
    Mat small = Annotator.annotate(plain(512, 366), List.of(face(200, 200, 100, 100)));
    Mat large = Annotator.annotate(plain(1920, 1080), List.of(face(200, 200, 100, 100)));
    assertThat(edgeWidth(large, 250)).isGreaterThan(edgeWidth(small, 250));
  }

  @Test
  void boxesRunningOffTheImageAreClipped() {
    Mat annotated =
        Annotator.annotate(
            plain(200, 100),
            List.of(
                new Annotator.Face(-30, -30, 60, 60, "without_mask", 0.9),
                new Annotator.Face(180, 80, 50, 50, "with_mask", 0.9)));
    assertThat(annotated.size()).isEqualTo(plain(200, 100).size());
    assertThat(pixel(annotated, 29, 26)).isEqualTo(Annotator.colour("without_mask"));
  }

  @Test
  void noFacesGiveAnEqualCopy() {
    Mat frame = ImagesTest.pattern(64, 48);
    Mat annotated = Annotator.annotate(frame, List.of());
    assertThat(Core.norm(annotated, frame)).isZero();
    assertThat(annotated.dataAddr()).isNotEqualTo(frame.dataAddr());
  }

  @Test
  void rejectsWhatItCannotDrawOn() {
    assertThatThrownBy(() -> Annotator.annotate(new Mat(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    Mat gray = new Mat(10, 10, CvType.CV_8UC1, new Scalar(3));
    assertThatThrownBy(() -> Annotator.annotate(gray, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CV_8UC3");
    assertThatThrownBy(() -> new Annotator.Face(1, 1, 0, 5, "with_mask", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no area");
  }

  @Test
  void pngRoundTripIsLossless() {
    Mat annotated = Annotator.annotate(ImagesTest.pattern(120, 90), List.of(face(10, 30, 40, 40)));
    byte[] png = Annotator.encodePng(annotated);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    Mat decoded = Imgcodecs.imdecode(new MatOfByte(png), Imgcodecs.IMREAD_COLOR);
    assertThat(Core.norm(decoded, annotated)).isZero();
  }

  @Test
  void annotatesARealSceneAtItsAnnotatedFace() throws IOException {
    Path scenes = SharedData.kaggleScenes();
    Path annotation = scenes.resolve("annotations/maksssksksss0.xml");
    Path photo = scenes.resolve("images/maksssksksss0.jpg");
    Matcher box =
        Pattern.compile(
                "<xmin>(\\d+)</xmin>\\s*<ymin>(\\d+)</ymin>\\s*<xmax>(\\d+)</xmax>\\s*<ymax>(\\d+)")
            .matcher(Files.readString(annotation));
    assertThat(box.find()).as("a box in " + annotation).isTrue();
    int x = Integer.parseInt(box.group(1));
    int y = Integer.parseInt(box.group(2));
    int w = Integer.parseInt(box.group(3)) - x;
    int h = Integer.parseInt(box.group(4)) - y;
    Mat frame = Images.read(photo);

    Mat annotated =
        Annotator.annotate(frame, List.of(new Annotator.Face(x, y, w, h, "without_mask", 0.93)));
    Mat decoded = Images.decode(Annotator.encodePng(annotated));

    assertThat(decoded.size()).isEqualTo(frame.size());
    assertThat(pixel(decoded, x, y + h / 2)).isEqualTo(Annotator.colour("without_mask"));
    Rect around = new Rect(x, y, w, h);
    assertThat(Core.norm(decoded.submat(around), frame.submat(around))).isPositive();
  }

  private static Annotator.Face face(int x, int y, int w, int h) {
    return new Annotator.Face(x, y, w, h, "without_mask", 0.9);
  }

  private static Mat plain(int width, int height) {
    return new Mat(height, width, CvType.CV_8UC3, GREY_FRAME);
  }

  private static Scalar pixel(Mat image, int x, int y) {
    return new Scalar(image.get(y, x));
  }

  private static int countPixels(Mat region, Scalar colour) {
    int count = 0;
    for (int row = 0; row < region.rows(); row++) {
      for (int col = 0; col < region.cols(); col++) {
        if (pixel(region, col, row).equals(colour)) {
          count++;
        }
      }
    }
    return count;
  }

  private static int countDarkPixels(Mat region) {
    int count = 0;
    for (int row = 0; row < region.rows(); row++) {
      for (int col = 0; col < region.cols(); col++) {
        double[] bgr = region.get(row, col);
        if (bgr[0] + bgr[1] + bgr[2] < 150) {
          count++;
        }
      }
    }
    return count;
  }

  /** How many pixels wide the box's left edge is, on the given row. */
  private static int edgeWidth(Mat image, int row) {
    Scalar red = Annotator.colour("without_mask");
    int width = 0;
    for (int col = 190; col < 215; col++) {
      if (pixel(image, col, row).equals(red)) {
        width++;
      }
    }
    return width;
  }

  /**
   * Dichromat vision as Viénot, Brettel and Mollon (1999) simulate it: a 3×3 matrix in linear RGB
   * for protanopia and for deuteranopia, the two red-green forms (~8 % of men).
   */
  private static final class ColourVision {

    private static final double[][] PROTANOPIA = {
      {0.11238, 0.88762, 0}, {0.11238, 0.88762, 0}, {0.00401, -0.00401, 1}
    };
    private static final double[][] DEUTERANOPIA = {
      {0.29275, 0.70725, 0}, {0.29275, 0.70725, 0}, {-0.02234, 0.02234, 1}
    };

    /** The closest two colours of the palette come, in sRGB units, for either dichromat. */
    static double smallestDistanceForDichromats(List<Scalar> bgrPalette) {
      double smallest = Double.MAX_VALUE;
      for (double[][] vision : List.of(PROTANOPIA, DEUTERANOPIA)) {
        for (int i = 0; i < bgrPalette.size(); i++) {
          for (int j = i + 1; j < bgrPalette.size(); j++) {
            double[] a = seen(bgrPalette.get(i), vision);
            double[] b = seen(bgrPalette.get(j), vision);
            double distance =
                Math.sqrt(
                    Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
            smallest = Math.min(smallest, distance);
          }
        }
      }
      return smallest;
    }

    private static double[] seen(Scalar bgr, double[][] vision) {
      double[] rgb = {toLinear(bgr.val[2]), toLinear(bgr.val[1]), toLinear(bgr.val[0])};
      double[] out = new double[3];
      for (int row = 0; row < 3; row++) {
        double sum = 0;
        for (int col = 0; col < 3; col++) {
          sum += vision[row][col] * rgb[col];
        }
        out[row] = toSrgb(Math.max(0, Math.min(1, sum)));
      }
      return out;
    }

    private static double toLinear(double channel) {
      double c = channel / 255.0;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double toSrgb(double linear) {
      double c = linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
      return 255 * c;
    }
  }
}
