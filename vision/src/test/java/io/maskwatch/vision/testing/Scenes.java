package io.maskwatch.vision.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maskwatch.vision.detect.Box;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The annotated real scenes of {@code ../shared/data/scenes/kaggle853-dev} (images and PASCAL VOC
 * boxes), and the Haar cascade; a test that needs them is skipped with a message when absent.
 */
public final class Scenes {

  /** Where Debian's opencv-data package puts the cascade; also the service's default. */
  public static final Path DEBIAN_CASCADE =
      Path.of("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml");

  private Scenes() {}

  /** A photo and its annotated face boxes. */
  public record Scene(String name, Path image, List<Box> faces) {

    public byte[] bytes() {
      try {
        return Files.readAllBytes(image);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The best overlap of {@code box} with an annotated face. */
    public double bestIou(Box box) {
      return faces.stream().mapToDouble(box::iou).max().orElse(0);
    }

    /** The lowest edge of any annotated face, in pixels from the top. */
    public int lowestFaceEdge() {
      return faces.stream().mapToInt(f -> f.y() + f.height()).max().orElse(0);
    }
  }

  /** Scene {@code maksssksksss<number>}. */
  public static Scene scene(int number) {
    String name = "maksssksksss" + number;
    Path root = SharedData.kaggleScenes();
    Path image = root.resolve("images").resolve(name + ".jpg");
    assumeTrue(Files.isRegularFile(image), "scene " + image + " not found: skipping");
    return new Scene(name, image, faces(root.resolve("annotations").resolve(name + ".xml")));
  }

  /** {@code count} scenes spread evenly over the folder. */
  public static List<Scene> spread(int count) {
    Path root = SharedData.kaggleScenes();
    List<Scene> scenes = new ArrayList<>();
    for (Path image : SharedData.spread(root.resolve("images"), count)) {
      String file = image.getFileName().toString();
      String name = file.substring(0, file.lastIndexOf('.'));
      scenes.add(new Scene(name, image, faces(root.resolve("annotations").resolve(name + ".xml"))));
    }
    return scenes;
  }

  /** The frontal-face cascade: Debian's, else the copy in ../shared/models/face, else skip. */
  public static Path haarCascade() {
    if (Files.isRegularFile(DEBIAN_CASCADE)) {
      return DEBIAN_CASCADE;
    }
    Path shared = SharedData.root().resolve("models/face/haarcascade_frontalface_default.xml");
    assumeTrue(
        Files.isRegularFile(shared),
        "no Haar cascade at " + DEBIAN_CASCADE + " (install opencv-data) nor " + shared);
    return shared;
  }

  private static List<Box> faces(Path annotation) {
    try {
      Document doc =
          DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(annotation.toFile());
      NodeList boxes = doc.getElementsByTagName("bndbox");
      List<Box> faces = new ArrayList<>();
      for (int i = 0; i < boxes.getLength(); i++) {
        Element box = (Element) boxes.item(i);
        int xmin = number(box, "xmin");
        int ymin = number(box, "ymin");
        faces.add(new Box(xmin, ymin, number(box, "xmax") - xmin, number(box, "ymax") - ymin));
      }
      return List.copyOf(faces);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read annotation " + annotation, e);
    }
  }

  private static int number(Element parent, String tag) {
    return (int)
        Math.round(
            Double.parseDouble(parent.getElementsByTagName(tag).item(0).getTextContent().strip()));
  }
}
