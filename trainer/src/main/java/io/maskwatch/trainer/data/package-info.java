/**
 * Training data for the mask classifier.
 *
 * <p>{@link io.maskwatch.trainer.data.DatasetScanner} reads a folder-per-class data set (or a
 * train/val/test layout); {@link io.maskwatch.trainer.data.DatasetSplitter} splits it
 * deterministically, stratified by label, with duplicate groups (exact and near copies, and
 * pasted-mask copies) kept on one side and held-out sources in test. {@link
 * io.maskwatch.trainer.data.TrainingSet} turns the training part into seeded epochs that add
 * synthetic masks ({@link io.maskwatch.trainer.data.MaskSynthesizer}, placed by YuNet landmarks
 * from a {@link io.maskwatch.trainer.data.LandmarkCache}) to real unmasked faces, and loads each
 * example with on-the-fly {@link io.maskwatch.trainer.data.Augmenter augmentation}. Validation and
 * test images are read as they are ({@link io.maskwatch.trainer.data.LabeledImage#read()}).
 */
package io.maskwatch.trainer.data;
