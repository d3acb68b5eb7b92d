package io.maskwatch.alert.domain;

/** The classifier that produced a frame's verdicts. */
public record ModelRef(String name, String version, String sha256) {}
