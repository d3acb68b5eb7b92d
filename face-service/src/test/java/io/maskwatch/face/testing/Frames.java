package io.maskwatch.face.testing;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameSource;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;

/** Frame events as ingest-service writes them, and decoding of events in tests. */
public final class Frames {

  private Frames() {}

  public static Frame frame(String frameId, String cameraId, byte[] image) {
    return Frame.newBuilder()
        .setFrameId(frameId)
        .setCameraId(cameraId)
        .setSource(FrameSource.camera)
        // the wire keeps milliseconds
        .setCapturedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .setWidth(0)
        .setHeight(0)
        .setContentType("image/jpeg")
        .setImage(ByteBuffer.wrap(image))
        .setUploadId(null)
        .setAttributes(Map.of())
        .build();
  }

  public static byte[] encode(Frame frame) {
    return EventCodec.FRAME.encode(frame);
  }

  public static <T extends SpecificRecordBase> T decode(EventCodec<T> codec, byte[] payload) {
    return codec.decode(payload);
  }
}
