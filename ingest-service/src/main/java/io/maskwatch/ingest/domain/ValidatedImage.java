package io.maskwatch.ingest.domain;

/** An upload that decoded as the format it declared, with the size of the picture in pixels. */
public record ValidatedImage(ImageFormat format, int width, int height) {}
