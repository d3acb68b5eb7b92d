package io.maskwatch.alert.support;

import io.maskwatch.vision.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A real photo of the kaggle853-dev scenes in ../shared with its hand-drawn Pascal VOC face boxes
 * and labels: the faces a test's verdicts describe are real faces of the real picture.
 */
public record VocScene(Path image, List<VocScene.Face> faces) {

  /** One annotated face: its label and box in image pixels. */
  public record Face(String label, int x, int y, int width, int height) {}

  /** The first scene, by file name, whose faces satisfy {@code wanted}; skipped when none. */
  public static VocScene first(String what, Predicate<VocScene> wanted) {
    Path scenes = SharedData.kaggleScenes();
    try (Stream<Path> files = Files.list(scenes.resolve("annotations"))) {
      Optional<VocScene> found =
          files
              .filter(file -> file.toString().endsWith(".xml"))
              .sorted()
              .map(file -> read(file, scenes.resolve("images")))
              .filter(scene -> Files.exists(scene.image()))
              .filter(wanted)
              .findFirst();
      Assumptions.assumeTrue(found.isPresent(), "no scene in " + scenes + " with " + what);
      return found.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The scene's first face with this label. */
  public Face face(String label) {
    return faces.stream()
        .filter(face -> face.label().equals(label))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + label + " face in " + image));
  }

  public boolean has(String label) {
    return faces.stream().anyMatch(face -> face.label().equals(label));
  }

  public byte[] bytes() {
    try {
      return Files.readAllBytes(image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static VocScene read(Path annotation, Path images) {
    try {
      Document xml =
          DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(annotation.toFile());
      String fileName = text(xml.getDocumentElement(), "filename");
      NodeList objects = xml.getElementsByTagName("object");
      List<Face> faces = new ArrayList<>();
      for (int i = 0; i < objects.getLength(); i++) {
        Element object = (Element) objects.item(i);
        Element box = (Element) object.getElementsByTagName("bndbox").item(0);
        int xmin = Integer.parseInt(text(box, "xmin"));
        int ymin = Integer.parseInt(text(box, "ymin"));
        int xmax = Integer.parseInt(text(box, "xmax"));
        int ymax = Integer.parseInt(text(box, "ymax"));
        faces.add(new Face(text(object, "name"), xmin, ymin, xmax - xmin, ymax - ymin));
      }
      return new VocScene(images.resolve(fileName), List.copyOf(faces));
    } catch (Exception e) {
      throw new IllegalStateException("cannot read VOC annotation " + annotation, e);
    }
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
  }
}
