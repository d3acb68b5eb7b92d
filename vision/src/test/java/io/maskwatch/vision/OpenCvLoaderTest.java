package io.maskwatch.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class OpenCvLoaderTest {

  @Test
  void loadsOnceFromManyThreadsAndOpenCvThenWorks() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(
            () -> {
              OpenCvLoader.ensureLoaded();
              Mat ones = Mat.ones(3, 3, CvType.CV_8UC1);
              int sum = (int) Core.sumElems(ones).val[0];
              ones.release();
              return sum;
            });
      }
      for (Future<Integer> result : pool.invokeAll(calls)) {
        assertThat(result.get()).isEqualTo(9);
      }
    } finally {
      pool.shutdownNow();
    }
    OpenCvLoader.ensureLoaded();
    assertThat(Core.VERSION).startsWith("4.9");
  }
}
