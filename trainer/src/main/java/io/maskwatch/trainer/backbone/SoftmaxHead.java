package io.maskwatch.trainer.backbone;

import java.util.SplittableRandom;

/**
 * A small classifier over fixed features, trained in plain Java for the probe: standardised inputs,
 * then softmax regression ({@code hidden == 0}) or one ReLU hidden layer, cross-entropy weighted by
 * inverse class frequency, L2, mini-batch Adam.
 */
final class SoftmaxHead {

  record Config(int hidden, int epochs, double learningRate, double l2, long seed) {
    static Config linear() {
      return new Config(0, 40, 0.01, 1e-3, 7);
    }

    static Config mlp(int hidden) {
      return new Config(hidden, 40, 0.003, 1e-3, 7);
    }
  }

  private final float[] mean;
  private final float[] scale;
  private final Dense first;
  private final Dense second;

  private SoftmaxHead(float[] mean, float[] scale, Dense first, Dense second) {
    this.mean = mean;
    this.scale = scale;
    this.first = first;
    this.second = second;
  }

  static SoftmaxHead train(float[][] x, int[] y, int classes, Config c) {
    int n = x.length;
    int d = x[0].length;
    float[] mean = new float[d];
    float[] scale = new float[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        float v = row[j] - mean[j];
        scale[j] += v * v / n;
      }
    }
    for (int j = 0; j < d; j++) {
      scale[j] = (float) (1 / Math.sqrt(scale[j] + 1e-6));
    }
    double[] classWeight = new double[classes];
    int[] count = new int[classes];
    for (int v : y) {
      count[v]++;
    }
    for (int k = 0; k < classes; k++) {
      classWeight[k] = count[k] == 0 ? 0 : (double) n / (classes * count[k]);
    }
    SplittableRandom rnd = new SplittableRandom(c.seed());
    Dense first = c.hidden() > 0 ? new Dense(d, c.hidden(), rnd) : null;
    Dense second = new Dense(c.hidden() > 0 ? c.hidden() : d, classes, rnd);
    SoftmaxHead head = new SoftmaxHead(mean, scale, first, second);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int batch = 128;
    int step = 0;
    for (int epoch = 0; epoch < c.epochs(); epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      // Cosine decay: late epochs settle instead of bouncing.
      double lr = c.learningRate() * 0.5 * (1 + Math.cos(Math.PI * epoch / c.epochs()));
      for (int start = 0; start < n; start += batch) {
        int end = Math.min(n, start + batch);
        step++;
        if (first != null) {
          first.zeroGrad();
        }
        second.zeroGrad();
        double wsum = 0;
        for (int b = start; b < end; b++) {
          wsum += classWeight[y[order[b]]];
        }
        for (int b = start; b < end; b++) {
          int i = order[b];
          float[] in = head.standardise(x[i]);
          float[] h = first == null ? in : relu(first.forward(in));
          float[] p = softmax(second.forward(h));
          double w = classWeight[y[i]] / wsum;
          float[] gradLogits = new float[classes];
          for (int k = 0; k < classes; k++) {
            gradLogits[k] = (float) (w * (p[k] - (k == y[i] ? 1 : 0)));
          }
          float[] gradH = second.backward(h, gradLogits);
          if (first != null) {
            for (int j = 0; j < gradH.length; j++) {
              if (h[j] <= 0) {
                gradH[j] = 0;
              }
            }
            first.backward(in, gradH);
          }
        }
        second.adam(lr, c.l2(), step);
        if (first != null) {
          first.adam(lr, c.l2(), step);
        }
      }
    }
    return head;
  }

  float[] probabilities(float[] features) {
    float[] in = standardise(features);
    float[] h = first == null ? in : relu(first.forward(in));
    return softmax(second.forward(h));
  }

  int predict(float[] features) {
    float[] p = probabilities(features);
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return best;
  }

  private float[] standardise(float[] v) {
    float[] out = new float[v.length];
    for (int j = 0; j < v.length; j++) {
      out[j] = (v[j] - mean[j]) * scale[j];
    }
    return out;
  }

  private static float[] relu(float[] v) {
    for (int j = 0; j < v.length; j++) {
      v[j] = Math.max(0, v[j]);
    }
    return v;
  }

  private static float[] softmax(float[] z) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    float[] p = new float[z.length];
    for (int k = 0; k < z.length; k++) {
      p[k] = (float) Math.exp(z[k] - max);
      sum += p[k];
    }
    for (int k = 0; k < z.length; k++) {
      p[k] /= sum;
    }
    return p;
  }

  /** A fully connected layer with its Adam state; w is [in][out]. */
  private static final class Dense {
    final int in;
    final int out;
    final float[] w;
    final float[] b;
    final float[] gw;
    final float[] gb;
    final float[] mw;
    final float[] vw;
    final float[] mb;
    final float[] vb;

    Dense(int in, int out, SplittableRandom rnd) {
      this.in = in;
      this.out = out;
      w = new float[in * out];
      b = new float[out];
      double std = Math.sqrt(2.0 / (in + out));
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (rnd.nextGaussian() * std);
      }
      gw = new float[w.length];
      gb = new float[out];
      mw = new float[w.length];
      vw = new float[w.length];
      mb = new float[out];
      vb = new float[out];
    }

    float[] forward(float[] x) {
      float[] z = b.clone();
      for (int i = 0; i < in; i++) {
        float xi = x[i];
        if (xi == 0) {
          continue;
        }
        int row = i * out;
        for (int k = 0; k < out; k++) {
          z[k] += xi * w[row + k];
        }
      }
      return z;
    }

    /** Accumulates gradients for input {@code x} and returns the gradient w.r.t. x. */
    float[] backward(float[] x, float[] gz) {
      float[] gx = new float[in];
      for (int k = 0; k < out; k++) {
        gb[k] += gz[k];
      }
      for (int i = 0; i < in; i++) {
        int row = i * out;
        float xi = x[i];
        float acc = 0;
        for (int k = 0; k < out; k++) {
          gw[row + k] += xi * gz[k];
          acc += w[row + k] * gz[k];
        }
        gx[i] = acc;
      }
      return gx;
    }

    void zeroGrad() {
      java.util.Arrays.fill(gw, 0);
      java.util.Arrays.fill(gb, 0);
    }

    void adam(double lr, double l2, int t) {
      update(w, gw, mw, vw, lr, l2, t);
      update(b, gb, mb, vb, lr, 0, t);
    }

    private static void update(
        float[] p, float[] g, float[] m, float[] v, double lr, double l2, int t) {
      double b1 = 0.9;
      double b2 = 0.999;
      double c1 = 1 - Math.pow(b1, t);
      double c2 = 1 - Math.pow(b2, t);
      for (int i = 0; i < p.length; i++) {
        double gi = g[i] + l2 * p[i];
        m[i] = (float) (b1 * m[i] + (1 - b1) * gi);
        v[i] = (float) (b2 * v[i] + (1 - b2) * gi * gi);
        p[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
      }
    }
  }
}
