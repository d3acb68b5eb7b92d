package io.maskwatch.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.trainer.backbone.TestResources;
import io.maskwatch.trainer.eval.VocAnnotation.BoundingBox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VocAnnotationsTest {

  @Test
  void readsARealKaggleAnnotationIncludingItsStrayText() throws IOException {
    VocAnnotation a =
        VocAnnotations.read(
            TestResources.sharedDir()
                .resolve("data/scenes/kaggle853-dev/annotations/maksssksksss0.xml"));

    assertThat(a.filename()).isEqualTo("maksssksksss0.jpg");
    assertThat(a.width()).isEqualTo(512);
    assertThat(a.height()).isEqualTo(366);
    assertThat(a.objects())
        .extracting(VocAnnotation.VocObject::name)
        .containsExactly("without_mask", "with_mask", "without_mask");
    assertThat(a.objects().get(0).box()).isEqualTo(new BoundingBox(79, 105, 109, 142));
  }

  @Test
  void missingSizeIsToleratedAsZero() throws IOException {
    VocAnnotation a =
        parse(
            "<annotation><filename>x.png</filename><object><name>with_mask</name>"
                + "<bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3.5</xmax><ymax>4</ymax></bndbox>"
                + "</object></annotation>");

    assertThat(a.width()).isZero();
    assertThat(a.objects().get(0).box().width()).isEqualTo(2.5);
  }

  @Test
  void missingCoordinateIsAnErrorNamingFileObjectAndField() {
    assertThatThrownBy(
            () ->
                parse(
                    "<annotation><filename>x.png</filename><object><name>with_mask</name>"
                        + "<bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax></bndbox>"
                        + "</object></annotation>"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("test.xml")
        .hasMessageContaining("object #1 (with_mask)")
        .hasMessageContaining("<ymax>");
  }

  @Test
  void objectWithoutNameOrWithEmptyBoxOrWrongRootIsAnError() {
    assertThatThrownBy(
            () ->
                parse("<annotation><filename>x</filename><object><bndbox/></object></annotation>"))
        .hasMessageContaining("has no <name>");
    assertThatThrownBy(
            () ->
                parse(
                    "<annotation><filename>x</filename><object><name>a</name><bndbox><xmin>5"
                        + "</xmin><ymin>2</ymin><xmax>5</xmax><ymax>4</ymax></bndbox></object>"
                        + "</annotation>"))
        .hasMessageContaining("Empty box");
    assertThatThrownBy(() -> parse("<scene/>")).hasMessageContaining("not <annotation>");
    assertThatThrownBy(() -> parse("<annotation>")).hasMessageContaining("Not well-formed");
  }

  private static VocAnnotation parse(String xml) throws IOException {
    return VocAnnotations.parse(
        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
  }
}
