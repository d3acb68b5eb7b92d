package io.maskwatch.trainer.train;

/**
 * Hyper-parameters of one training run. The learning rate is halved (and the best weights so far
 * restored) after {@code lrPatience} epochs without validation-loss improvement; training stops
 * after {@code patience} such epochs.
 */
public record TrainConfig(
    int epochs,
    int batchSize,
    float learningRate,
    float dropout,
    int patience,
    int lrPatience,
    long seed,
    int threads) {

  public TrainConfig {
    if (epochs < 1 || batchSize < 1 || patience < 1 || lrPatience < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "epochs, batch size, patience, learning-rate patience and threads must be at least 1");
    }
    if (dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
    }
  }
}
