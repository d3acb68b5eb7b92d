package io.maskwatch.ingest.domain;

import io.maskwatch.ingest.domain.UploadRejectedException.Reason;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.image.InvalidImageException;
import org.opencv.core.Mat;

/**
 * Decides whether an upload is a picture the pipeline can use, before anything is published: a
 * declared type of JPEG or PNG, at most {@code maxBytes}, bytes in the declared format that decode
 * whole. Checks run cheapest first, so an unsupported type is refused without looking at the bytes.
 */
public final class UploadValidator {

  private final long maxBytes;
  private final long maxPixels;

  public UploadValidator(long maxBytes, long maxPixels) {
    if (maxBytes <= 0 || maxPixels <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxBytes = maxBytes;
    this.maxPixels = maxPixels;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /**
   * @param contentType the Content-Type the uploader declared (may be null)
   * @param bytes the body as received
   * @param name names the upload in messages (its file name, or "upload")
   * @throws UploadRejectedException saying why the upload cannot be used
   */
  public ValidatedImage validate(String contentType, byte[] bytes, String name) {
    ImageFormat declared = acceptedType(contentType);
    checkSize(bytes == null ? 0 : bytes.length);
    return inspect(declared, bytes, name);
  }

  /** The declared format, or a rejection naming the accepted types. */
  public ImageFormat acceptedType(String contentType) {
    return ImageFormat.ofContentType(contentType)
        .orElseThrow(
            () ->
                new UploadRejectedException(
                    Reason.UNSUPPORTED_TYPE,
                    describeType(contentType)
                        + " is not accepted: send "
                        + String.join(" or ", ImageFormat.CONTENT_TYPES)
                        + ", or a video ("
                        + String.join(", ", VideoFormats.CONTENT_TYPES)
                        + ")"));
  }

  public void checkSize(long size) {
    if (size > maxBytes) {
      throw new UploadRejectedException(
          Reason.TOO_LARGE,
          "the upload is " + size + " bytes, more than the limit of " + maxBytes + " bytes");
    }
  }

  private ValidatedImage inspect(ImageFormat declared, byte[] bytes, String name) {
    if (bytes == null || bytes.length == 0) {
      throw new UploadRejectedException(Reason.INVALID_IMAGE, name + ": empty body, no image");
    }
    if (ImageFormat.sniff(bytes).orElse(null) != declared) {
      throw new UploadRejectedException(
          Reason.INVALID_IMAGE,
          name
              + ": declared "
              + declared.contentType()
              + " but the body is "
              + ImageFormat.describe(bytes));
    }
    Mat image;
    try {
      image = Images.decode(bytes, name, maxPixels);
    } catch (InvalidImageException e) {
      throw new UploadRejectedException(Reason.INVALID_IMAGE, e.getMessage(), e);
    }
    try {
      return new ValidatedImage(declared, image.cols(), image.rows());
    } finally {
      image.release();
    }
  }

  private static String describeType(String contentType) {
    String type = ImageFormat.mediaType(contentType);
    return type.isEmpty() ? "an upload without a Content-Type" : "content type " + type;
  }
}
