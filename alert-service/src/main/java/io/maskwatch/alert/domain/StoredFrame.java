package io.maskwatch.alert.domain;

import java.time.Instant;

/** An analysed frame as stored, with the time this service first received its verdicts. */
public record StoredFrame(AnalysedFrame frame, Instant receivedAt) {}
