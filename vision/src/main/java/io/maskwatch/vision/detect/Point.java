package io.maskwatch.vision.detect;

/** A facial landmark (an eye, the nose tip, a mouth corner) in frame pixels. */
public record Point(float x, float y) {}
