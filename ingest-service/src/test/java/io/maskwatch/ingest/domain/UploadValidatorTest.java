package io.maskwatch.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.ingest.TestImages;
import io.maskwatch.ingest.domain.UploadRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UploadValidatorTest {

  private final UploadValidator validator = new UploadValidator(1_000_000, 40_000_000);
  private final byte[] photo = TestImages.bytes(TestImages.photo(1));

  @Test
  void acceptsARealJpegWithItsSize() {
    BufferedImage truth = TestImages.decode(photo);

    ValidatedImage image = validator.validate("image/jpeg", photo, "scene.jpg");

    assertThat(image.format()).isEqualTo(ImageFormat.JPEG);
    assertThat(image.width()).isEqualTo(truth.getWidth());
    assertThat(image.height()).isEqualTo(truth.getHeight());
  }

  @Test
  void acceptsTheSamePhotoAsPng() {
    ValidatedImage image =
        validator.validate("image/png", TestImages.reencode(photo, "png"), "scene.png");

    assertThat(image.format()).isEqualTo(ImageFormat.PNG);
    assertThat(image.width()).isEqualTo(TestImages.decode(photo).getWidth());
  }

  @Test
  void refusesOtherTypesNamingTheAcceptedOnes() {
    assertThatThrownBy(
            () -> validator.validate("image/gif", TestImages.reencode(photo, "gif"), "a.gif"))
        .isInstanceOfSatisfying(
            UploadRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_TYPE))
        .hasMessage(
            "content type image/gif is not accepted: send image/jpeg or image/png, or a video"
                + " (video/mp4, video/x-msvideo, video/quicktime, video/webm)");
    assertThatThrownBy(() -> validator.validate(null, photo, "a"))
        .hasMessageStartingWith("an upload without a Content-Type is not accepted");
  }

  @Test
  void refusesMoreBytesThanTheLimitBeforeLookingAtThem() {
    UploadValidator small = new UploadValidator(photo.length - 1, 40_000_000);

    assertThatThrownBy(() -> small.validate("image/jpeg", photo, "big.jpg"))
        .isInstanceOfSatisfying(
            UploadRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
        .hasMessageContaining(photo.length + " bytes");
    assertThat(new UploadValidator(photo.length, 40_000_000).validate("image/jpeg", photo, "x"))
        .isNotNull();
  }

  @Test
  void refusesATruncatedPhoto() {
    assertThatInvalid("image/jpeg", TestImages.truncated(photo, 0.6))
        .hasMessageContaining("scene.jpg")
        .hasMessageContaining("truncated");
  }

  @Test
  void refusesBytesThatAreNotTheDeclaredFormat() {
    assertThatInvalid("image/jpeg", "not a picture".getBytes(StandardCharsets.US_ASCII))
        .hasMessage(
            "scene.jpg: declared image/jpeg but the body is data starting with"
                + " 6E 6F 74 20 61 20 70 69");
    assertThatInvalid("image/png", photo)
        .hasMessage("scene.jpg: declared image/png but the body is a JPEG image");
  }

  @Test
  void refusesAnEmptyBody() {
    assertThatInvalid("image/png", new byte[0]).hasMessage("scene.jpg: empty body, no image");
  }

  @Test
  void refusesPicturesWithMorePixelsThanTheLimit() {
    UploadValidator strict = new UploadValidator(1_000_000, 10_000);

    assertThatThrownBy(() -> strict.validate("image/jpeg", photo, "scene.jpg"))
        .isInstanceOfSatisfying(
            UploadRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_IMAGE))
        .hasMessageContaining("too large");
  }

  private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertThatInvalid(
      String type, byte[] bytes) {
    return assertThatThrownBy(() -> validator.validate(type, bytes, "scene.jpg"))
        .isInstanceOfSatisfying(
            UploadRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_IMAGE));
  }
}
