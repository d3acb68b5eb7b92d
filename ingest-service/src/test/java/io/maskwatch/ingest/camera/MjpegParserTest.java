package io.maskwatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.ingest.TestVideos;
import io.maskwatch.ingest.camera.source.MjpegParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The multipart parser on streams made of real frames of vtest.avi. */
class MjpegParserTest {

  @Test
  void readsPartsWithAndWithoutContentLength() throws Exception {
    List<byte[]> frames = TestVideos.jpegFrames("vtest.avi", 4);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.write("preamble\r\n".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < frames.size(); i++) {
      String headers =
          "--myboundary\r\nContent-Type: image/jpeg\r\n"
              + (i % 2 == 0 ? "Content-Length: " + frames.get(i).length + "\r\n" : "")
              + "\r\n";
      stream.write(headers.getBytes(StandardCharsets.US_ASCII));
      stream.write(frames.get(i));
      stream.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    stream.write("--myboundary--\r\n".getBytes(StandardCharsets.US_ASCII));

    MjpegParser parser =
        new MjpegParser(
            new BufferedInputStream(new ByteArrayInputStream(stream.toByteArray())),
            MjpegParser.boundaryOf("multipart/x-mixed-replace; boundary=\"--myboundary\""),
            10_000_000);
    for (byte[] frame : frames) {
      assertThat(parser.nextPart()).isEqualTo(frame);
    }
    assertThatThrownBy(parser::nextPart).isInstanceOf(EOFException.class);
  }

  @Test
  void refusesPartsAboveTheLimit() {
    byte[] frame = TestVideos.jpegFrames("vtest.avi", 1).get(0);
    String stream = "--b\r\nContent-Length: " + frame.length + "\r\n\r\n";
    MjpegParser parser =
        new MjpegParser(
            new ByteArrayInputStream(stream.getBytes(StandardCharsets.US_ASCII)), "b", 1000);
    assertThatThrownBy(parser::nextPart).hasMessageContaining("at most 1000");
  }

  @Test
  void boundaryOfContentTypes() {
    assertThat(MjpegParser.boundaryOf("multipart/x-mixed-replace;boundary=frame"))
        .isEqualTo("frame");
    assertThat(MjpegParser.boundaryOf("image/jpeg")).isNull();
  }
}
