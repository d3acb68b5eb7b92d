package io.maskwatch.trainer.train;

/** Loss and accuracy of one epoch on the training batches and the validation set. */
public record EpochStats(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double seconds) {}
