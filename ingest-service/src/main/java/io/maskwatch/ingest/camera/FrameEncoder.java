package io.maskwatch.ingest.camera;

import io.maskwatch.ingest.camera.source.Picture;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Downscales a picture to fit the camera's maximum size (aspect kept) and encodes it as JPEG. A
 * camera's JPEG that already fits is published as it came, after reading only its header and
 * checking that it is whole (ends with the end-of-image marker): decoding a 720p frame costs ~6 ms
 * of CPU that face-service spends again anyway, and face-service dead-letters a frame whose data is
 * corrupt inside, with the reason.
 */
public final class FrameEncoder {

  private final float quality;

  /**
   * @param quality JPEG quality, 0..1
   */
  public FrameEncoder(float quality) {
    this.quality = quality;
  }

  /** An encoded frame: its JPEG bytes and size. */
  public record Encoded(byte[] jpeg, int width, int height) {}

  /**
   * @throws IOException when the camera's bytes are not a picture
   */
  public Encoded encode(Picture picture, int maxWidth, int maxHeight) throws IOException {
    byte[] jpeg = picture.jpeg();
    BufferedImage image;
    if (jpeg != null) {
      int[] size = jpegSize(jpeg);
      if (size[0] <= maxWidth && size[1] <= maxHeight) {
        return new Encoded(jpeg, size[0], size[1]);
      }
      image = ImageIO.read(new ByteArrayInputStream(jpeg));
      if (image == null) {
        throw new IOException("the camera sent " + jpeg.length + " bytes that are not a picture");
      }
    } else {
      image = picture.image();
      if (image == null) {
        throw new IOException("the decoder gave no picture");
      }
    }
    BufferedImage fitted = fit(image, maxWidth, maxHeight);
    return new Encoded(jpeg(fitted), fitted.getWidth(), fitted.getHeight());
  }

  /**
   * Width and height from a JPEG's header, without decoding it.
   *
   * @throws IOException when the bytes are not a JPEG, or are cut off before the end-of-image
   *     marker
   */
  static int[] jpegSize(byte[] jpeg) throws IOException {
    int n = jpeg.length;
    boolean whole =
        n > 4
            && (jpeg[0] & 0xFF) == 0xFF
            && (jpeg[1] & 0xFF) == 0xD8
            && (jpeg[n - 2] & 0xFF) == 0xFF
            && (jpeg[n - 1] & 0xFF) == 0xD9;
    if (!whole) {
      throw new IOException(
          "the camera sent "
              + n
              + " bytes that are not a whole JPEG (no start- or end-of-image marker)");
    }
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
    ImageReader reader = readers.next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
      reader.setInput(in, true, true);
      return new int[] {reader.getWidth(0), reader.getHeight(0)};
    } catch (IOException | RuntimeException e) {
      throw new IOException("the camera sent a JPEG whose header cannot be read: " + e, e);
    } finally {
      reader.dispose();
    }
  }

  static BufferedImage fit(BufferedImage image, int maxWidth, int maxHeight) {
    int width = image.getWidth();
    int height = image.getHeight();
    if (width <= maxWidth
        && height <= maxHeight
        && image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return image;
    }
    double scale = Math.min(1.0, Math.min((double) maxWidth / width, (double) maxHeight / height));
    int w = Math.max(1, (int) Math.round(width * scale));
    int h = Math.max(1, (int) Math.round(height * scale));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  private byte[] jpeg(BufferedImage image) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 * 1024);
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
