package io.maskwatch.trainer.eval;

import io.maskwatch.trainer.eval.VocAnnotation.BoundingBox;
import io.maskwatch.vision.MaskLabel;
import org.opencv.core.Mat;

/**
 * One labelled face cut from a scene: BGR uint8 at the scene's resolution (not resized). The caller
 * owns {@code crop} and releases it.
 */
public record GtCrop(String imageBasename, BoundingBox box, MaskLabel label, Mat crop) {}
