package io.maskwatch.vision.image;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.Optional;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * JPEG decoding through the system's libjpeg-turbo (its TurboJPEG API, {@code libturbojpeg.so.0},
 * Debian's {@code libturbojpeg0}), straight into an OpenCV Mat. The libjpeg that OpenCV's Java
 * build carries has no SIMD: a 720p frame takes ~7.7 ms there against ~2.4 ms here, the largest
 * single saving left in face-service's per-frame work. Both are libjpeg-turbo with the same
 * defaults (accurate integer IDCT, smooth chroma upsampling), so the pixels are the same.
 *
 * <p>Loaded once per JVM by {@link #load()}; a machine without the library keeps OpenCV's decoder
 * ({@link Images} says which at first use).
 */
final class TurboJpeg {

  static final String LIBRARY = "libturbojpeg.so.0";

  private static final int PIXEL_FORMAT_BGR = 1; // TJPF_BGR
  private static final int ERROR_WARNING = 0; // TJERR_WARNING: the image was decoded
  private static final int SUBSAMPLING_420 = 2; // TJSAMP_420, OpenCV's default for colour
  private static final int FLAG_ACCURATE_DCT = 4096; // TJFLAG_ACCURATEDCT, as libjpeg's default

  /** The outcome of one decode: the image, or why libjpeg-turbo refused it. */
  record Result(Mat image, String error) {
    boolean ok() {
      return image != null;
    }
  }

  private static final class Holder {
    static final Optional<TurboJpeg> INSTANCE;
    static final String UNAVAILABLE_REASON;

    static {
      TurboJpeg loaded = null;
      String reason = null;
      try {
        Native.register(Api.class, NativeLibrary.getInstance(LIBRARY));
        loaded = new TurboJpeg();
      } catch (LinkageError | RuntimeException e) {
        reason = e.getMessage();
      }
      INSTANCE = Optional.ofNullable(loaded);
      UNAVAILABLE_REASON = reason;
    }
  }

  /** The four calls decoding needs, bound by JNA's direct mapping (no per-call reflection). */
  private static final class Api {
    static native Pointer tjInitDecompress();

    static native int tjDecompress2(
        Pointer handle,
        byte[] jpeg,
        NativeLong jpegSize,
        Pointer destination,
        int width,
        int pitch,
        int height,
        int pixelFormat,
        int flags);

    static native int tjGetErrorCode(Pointer handle);

    static native String tjGetErrorStr2(Pointer handle);

    static native int tjDestroy(Pointer handle);

    static native Pointer tjInitCompress();

    static native int tjCompress2(
        Pointer handle,
        Pointer source,
        int width,
        int pitch,
        int height,
        int pixelFormat,
        PointerByReference jpeg,
        NativeLongByReference jpegSize,
        int subsampling,
        int quality,
        int flags);

    static native void tjFree(Pointer buffer);
  }

  private TurboJpeg() {}

  /** The library, or empty where {@code libturbojpeg.so.0} cannot be loaded. */
  static Optional<TurboJpeg> load() {
    return Holder.INSTANCE;
  }

  /** Why {@link #load()} is empty (the loader's message), or null when it is not. */
  static String unavailableReason() {
    return Holder.UNAVAILABLE_REASON;
  }

  /**
   * Encodes a continuous BGR {@code CV_8UC3} Mat as OpenCV's {@code imencode(".jpg")} does with its
   * defaults (4:2:0 chroma, accurate integer DCT, standard Huffman tables).
   *
   * @return the JPEG, or null when libjpeg-turbo refused (the caller falls back to OpenCV)
   */
  byte[] encodeBgr(Mat image, int quality) {
    Pointer handle = Api.tjInitCompress();
    if (handle == null) {
      return null;
    }
    PointerByReference jpeg = new PointerByReference();
    NativeLongByReference size = new NativeLongByReference();
    try {
      int status =
          Api.tjCompress2(
              handle,
              new Pointer(image.dataAddr()),
              image.cols(),
              image.cols() * 3,
              image.rows(),
              PIXEL_FORMAT_BGR,
              jpeg,
              size,
              SUBSAMPLING_420,
              quality,
              FLAG_ACCURATE_DCT);
      if (status != 0 || jpeg.getValue() == null) {
        return null;
      }
      return jpeg.getValue().getByteArray(0, (int) size.getValue().longValue());
    } finally {
      if (jpeg.getValue() != null) {
        Api.tjFree(jpeg.getValue());
      }
      Api.tjDestroy(handle);
    }
  }

  /**
   * Decodes a whole JPEG whose frame header says {@code width × height} into a new BGR Mat. A
   * warning (say, extra bytes before the end marker) still gives the image, as OpenCV would; a
   * fatal error (an unsupported colour space, broken entropy data) gives its message instead.
   */
  Result decodeBgr(byte[] jpeg, int width, int height) {
    Pointer handle = Api.tjInitDecompress();
    if (handle == null) {
      return new Result(null, "tjInitDecompress failed");
    }
    Mat image = new Mat(height, width, CvType.CV_8UC3);
    try {
      int status =
          Api.tjDecompress2(
              handle,
              jpeg,
              new NativeLong(jpeg.length),
              new Pointer(image.dataAddr()),
              width,
              width * 3,
              height,
              PIXEL_FORMAT_BGR,
              0);
      if (status == 0 || Api.tjGetErrorCode(handle) == ERROR_WARNING) {
        Mat done = image;
        image = null;
        return new Result(done, null);
      }
      return new Result(null, Api.tjGetErrorStr2(handle));
    } finally {
      if (image != null) {
        image.release();
      }
      Api.tjDestroy(handle);
    }
  }
}
