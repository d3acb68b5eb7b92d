package io.maskwatch.trainer.train;

import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;
import org.opencv.core.Mat;

/** An {@link ImageSet} over a list, with how to load an item and which class it has. */
public final class ListImageSet<T> implements ImageSet {

  private final List<T> items;
  private final ToIntFunction<T> classIndex;
  private final BiFunction<T, Random, Mat> loader;

  public ListImageSet(
      List<T> items, ToIntFunction<T> classIndex, BiFunction<T, Random, Mat> loader) {
    this.items = List.copyOf(items);
    this.classIndex = classIndex;
    this.loader = loader;
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public int classIndex(int index) {
    return classIndex.applyAsInt(items.get(index));
  }

  @Override
  public Mat load(int index, Random random) {
    return loader.apply(items.get(index), random);
  }
}
