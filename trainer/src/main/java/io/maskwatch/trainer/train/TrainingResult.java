package io.maskwatch.trainer.train;

import java.util.List;

/** What a run did: every epoch's figures and which epoch's weights were kept. */
public record TrainingResult(List<EpochStats> history, int bestEpoch, boolean stoppedEarly) {}
