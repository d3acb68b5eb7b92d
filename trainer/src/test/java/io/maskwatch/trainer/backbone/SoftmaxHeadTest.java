package io.maskwatch.trainer.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxHeadTest {

  @Test
  void linearAndMlpHeadsSeparateThreeGaussianClustersIncludingARareOne() {
    SplittableRandom rnd = new SplittableRandom(1);
    int n = 600;
    float[][] x = new float[n][];
    int[] y = new int[n];
    float[][] centres = {{0, 0, 5}, {4, 0, 0}, {0, 4, 0}};
    for (int i = 0; i < n; i++) {
      // class 2 is rare (1 in 10), as mask_weared_incorrect is
      y[i] = i % 10 == 0 ? 2 : i % 2;
      x[i] = new float[3];
      for (int j = 0; j < 3; j++) {
        x[i][j] = centres[y[i]][j] + (float) rnd.nextGaussian();
      }
    }
    for (SoftmaxHead.Config c :
        new SoftmaxHead.Config[] {SoftmaxHead.Config.linear(), SoftmaxHead.Config.mlp(8)}) {
      SoftmaxHead head = SoftmaxHead.train(x, y, 3, c);
      int correct = 0;
      int rareCorrect = 0;
      for (int i = 0; i < n; i++) {
        int p = head.predict(x[i]);
        correct += p == y[i] ? 1 : 0;
        rareCorrect += p == 2 && y[i] == 2 ? 1 : 0;
      }
      assertThat(correct).isGreaterThan((int) (0.95 * n));
      assertThat(rareCorrect).isGreaterThanOrEqualTo(57);
    }
  }
}
