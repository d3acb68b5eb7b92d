package io.maskwatch.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Encodes and decodes one event type in Avro's single-object encoding: a two-byte marker, the
 * 64-bit fingerprint of the writer's schema, then the binary record. A reader knows every version
 * of the schema the project has shipped ({@code history/<Type>.v<N>.avsc} beside this class), so a
 * consumer built with version N reads messages written with any earlier version.
 *
 * @param <T> the generated type
 */
public final class EventCodec<T extends SpecificRecordBase> {

  public static final EventCodec<Frame> FRAME =
      new EventCodec<>(Frame.class, Frame.getClassSchema());
  public static final EventCodec<Faces> FACES =
      new EventCodec<>(Faces.class, Faces.getClassSchema());
  public static final EventCodec<Verdicts> VERDICTS =
      new EventCodec<>(Verdicts.class, Verdicts.getClassSchema());
  public static final EventCodec<CameraDefinition> CAMERA_DEFINITION =
      new EventCodec<>(CameraDefinition.class, CameraDefinition.getClassSchema());
  public static final EventCodec<CameraStatus> CAMERA_STATUS =
      new EventCodec<>(CameraStatus.class, CameraStatus.getClassSchema());
  public static final EventCodec<Alert> ALERT =
      new EventCodec<>(Alert.class, Alert.getClassSchema());

  private final Class<T> type;
  private final Schema schema;
  private final List<Schema> history;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private EventCodec(Class<T> type, Schema schema) {
    this.type = type;
    this.schema = schema;
    this.history = loadHistory(type);
    SchemaStore.Cache store = new SchemaStore.Cache();
    history.forEach(store::addSchema);
    // Records are created through the event type's own class loader: where Avro's jar sits in a
    // parent loader (Quarkus dev and test mode), Avro's default would find another copy of the
    // class and every decode would end in a ClassCastException.
    SpecificData model = new SpecificData(type.getClassLoader());
    model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, store);
  }

  /** The generated type this codec reads and writes. */
  public Class<T> type() {
    return type;
  }

  /** The schema this build writes. */
  public Schema schema() {
    return schema;
  }

  /** Every shipped version of the schema, oldest first (version N at index N-1). */
  public List<Schema> history() {
    return history;
  }

  public byte[] encode(T event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      encoder.encode(event, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a payload written by this or an earlier version.
   *
   * @throws MalformedEventException when the payload is empty, not single-object Avro, written with
   *     a schema this build does not know, or truncated
   */
  public T decode(byte[] payload) {
    if (payload == null || payload.length == 0) {
      throw new MalformedEventException(
          "empty payload where a " + type.getSimpleName() + " event was expected");
    }
    try {
      return decoder.decode(payload);
    } catch (BadHeaderException e) {
      throw new MalformedEventException(
          "not an Avro single-object message (bad header) where a "
              + type.getSimpleName()
              + " event was expected",
          e);
    } catch (MissingSchemaException e) {
      throw new MalformedEventException(
          "written with a "
              + type.getSimpleName()
              + " schema this build does not know (newer producer or another type): "
              + e.getMessage(),
          e);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new MalformedEventException(
          "unreadable " + type.getSimpleName() + " event: " + e.getMessage(), e);
    }
  }

  /** The 64-bit Rabin fingerprint Avro writes in the header for the given schema. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  private static List<Schema> loadHistory(Class<?> type) {
    List<Schema> versions = new ArrayList<>();
    for (int version = 1; ; version++) {
      String resource = "history/" + type.getSimpleName() + ".v" + version + ".avsc";
      try (InputStream in = EventCodec.class.getResourceAsStream(resource)) {
        if (in == null) {
          break;
        }
        versions.add(
            new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema " + resource, e);
      }
    }
    if (versions.isEmpty()) {
      throw new IllegalStateException(
          "no schema history for " + type.getSimpleName() + " (history/*.v1.avsc missing)");
    }
    return List.copyOf(versions);
  }
}
