package io.maskwatch.trainer.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.trainer.backbone.Backbone.FeatureLayer;
import io.maskwatch.trainer.backbone.Backbone.Features;
import io.maskwatch.vision.tfjs.TensorFlowRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Backbones inside our own graphs: resizing, normalisation and pooling around the import. */
class BackboneTest {

  private static Path models;

  @BeforeAll
  static void setUp() {
    models = TestResources.modelsDir();
    TensorFlowRuntime.ensureLoaded();
  }

  @Test
  void featuresHaveTheWidthOfTheirLayerAndPoolingAndAreFinite() throws IOException {
    Backbone faceres = Backbone.load(HumanBackbone.FACERES, models);
    Backbone emotion = Backbone.load(HumanBackbone.EMOTION, models);
    try (Graph g = new Graph()) {
      Placeholder<TFloat32> in =
          Ops.create(g).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 112, 112, 3)));
      List<Features> f =
          faceres.addTo(
              g,
              "faceres",
              in,
              112,
              List.of(
                  new FeatureLayer("embedding", Pooling.AVG),
                  new FeatureLayer("pw11", Pooling.AVG_LOWER),
                  new FeatureLayer("pw13", Pooling.FLATTEN)));
      // emotion runs at 64 px grey: resized and converted inside the graph.
      Features e = emotion.addTo(g, "emotion", in, 64, "embedding", Pooling.AVG);

      assertThat(f).extracting(Features::dim).containsExactly(1024, 1024, 4 * 4 * 1024);
      assertThat(e.dim()).isEqualTo(256);
      assertThat(g.operation("emotion_features/output")).isNotNull();
      try (Session s = new Session(g, TensorFlowRuntime.singleThread());
          TFloat32 x = TFloat32.tensorOf(Shape.of(2, 112, 112, 3))) {
        for (long i = 0; i < 2 * 112 * 112 * 3; i++) {
          x.setFloat(
              (float) (i % 256), i / (112 * 112 * 3), (i / (112 * 3)) % 112, (i / 3) % 112, i % 3);
        }
        try (Result r = s.runner().feed(in, x).fetch(f.get(1).output()).fetch(e.output()).run()) {
          TFloat32 pooled = (TFloat32) r.get(0);
          TFloat32 grey = (TFloat32) r.get(1);
          assertThat(pooled.shape()).isEqualTo(Shape.of(2, 1024));
          assertThat(grey.shape()).isEqualTo(Shape.of(2, 256));
          for (int j = 0; j < 256; j++) {
            assertThat(Float.isFinite(grey.getFloat(1, j))).isTrue();
          }
        }
      }
    }
  }

  @Test
  void fixedSizeBackboneRefusesAnotherSizeAndLayersAreCheckedByName() throws IOException {
    Backbone mobileface = Backbone.load(HumanBackbone.MOBILEFACE, models);
    try (Graph g = new Graph()) {
      Placeholder<TFloat32> in =
          Ops.create(g).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 96, 96, 3)));
      assertThatThrownBy(() -> mobileface.addTo(g, "m", in, 96, "embedding", Pooling.AVG))
          .hasMessageContaining("only at 112");
      assertThatThrownBy(() -> mobileface.addTo(g, "m", in, 112, "nope", Pooling.AVG))
          .hasMessageContaining("no layer 'nope'");
    }
  }
}
