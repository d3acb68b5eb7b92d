package io.maskwatch.trainer.eval;

import io.maskwatch.trainer.eval.VocAnnotation.BoundingBox;
import io.maskwatch.trainer.eval.VocAnnotation.VocObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads PASCAL VOC XML annotations. Tolerates stray text inside elements (the kaggle853 files have
 * some) and a missing {@code <size>} (width/height 0); a missing object name or box coordinate is
 * an error naming the file and the object.
 */
public final class VocAnnotations {

  private VocAnnotations() {}

  public static VocAnnotation read(Path xml) throws IOException {
    try (InputStream in = Files.newInputStream(xml)) {
      return parse(in, xml.toString());
    }
  }

  static VocAnnotation parse(InputStream in, String source) throws IOException {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      // Annotation files are data: no DTDs or external entities.
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      DocumentBuilder b = f.newDocumentBuilder();
      doc = b.parse(in);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("Not well-formed VOC XML " + source + ": " + e.getMessage(), e);
    }
    Element root = doc.getDocumentElement();
    if (!"annotation".equals(root.getTagName())) {
      throw new IOException(
          source + ": root element is <" + root.getTagName() + ">, not <annotation>");
    }
    String filename = text(root, "filename");
    if (filename == null) {
      throw new IOException(source + ": missing <filename>");
    }
    Element size = child(root, "size");
    int width = size == null ? 0 : number(size, "width", source, "size").intValue();
    int height = size == null ? 0 : number(size, "height", source, "size").intValue();
    List<VocObject> objects = new ArrayList<>();
    NodeList children = root.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node n = children.item(i);
      if (n instanceof Element e && e.getTagName().equals("object")) {
        String where = "object #" + (objects.size() + 1);
        String name = text(e, "name");
        if (name == null || name.isBlank()) {
          throw new IOException(source + ": " + where + " has no <name>");
        }
        Element bb = child(e, "bndbox");
        if (bb == null) {
          throw new IOException(source + ": " + where + " (" + name + ") has no <bndbox>");
        }
        String ctx = where + " (" + name + ") bndbox";
        try {
          objects.add(
              new VocObject(
                  name.trim(),
                  new BoundingBox(
                      number(bb, "xmin", source, ctx),
                      number(bb, "ymin", source, ctx),
                      number(bb, "xmax", source, ctx),
                      number(bb, "ymax", source, ctx))));
        } catch (IllegalArgumentException ex) {
          throw new IOException(source + ": " + ctx + ": " + ex.getMessage(), ex);
        }
      }
    }
    return new VocAnnotation(filename.trim(), width, height, objects);
  }

  private static Element child(Element parent, String tag) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String tag) {
    Element e = child(parent, tag);
    return e == null ? null : e.getTextContent();
  }

  private static Double number(Element parent, String tag, String source, String ctx)
      throws IOException {
    String t = text(parent, tag);
    if (t == null || t.isBlank()) {
      throw new IOException(source + ": " + ctx + " has no <" + tag + ">");
    }
    try {
      return Double.valueOf(t.trim());
    } catch (NumberFormatException e) {
      throw new IOException(
          source + ": " + ctx + " <" + tag + "> is not a number: '" + t.trim() + "'");
    }
  }
}
