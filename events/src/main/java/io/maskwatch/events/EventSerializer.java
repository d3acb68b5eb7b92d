package io.maskwatch.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer for every generated event type, in the single-object encoding of {@link
 * EventCodec}. Consumers read the bytes and decode them with the codec of the type they expect, so
 * that a payload they cannot read goes to the dead-letter topic with its reason.
 */
public class EventSerializer implements Serializer<SpecificRecordBase> {

  private static final Map<Class<?>, EventCodec<?>> CODECS = new ConcurrentHashMap<>();

  static {
    for (EventCodec<?> codec :
        new EventCodec<?>[] {
          EventCodec.FRAME,
          EventCodec.FACES,
          EventCodec.VERDICTS,
          EventCodec.CAMERA_DEFINITION,
          EventCodec.CAMERA_STATUS,
          EventCodec.ALERT
        }) {
      CODECS.put(codec.type(), codec);
    }
  }

  @Override
  public byte[] serialize(String topic, SpecificRecordBase event) {
    if (event == null) {
      return null; // a tombstone, e.g. a deleted camera on the compacted topic
    }
    return encode(event);
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecordBase> byte[] encode(T event) {
    EventCodec<T> codec = (EventCodec<T>) CODECS.get(event.getClass());
    if (codec == null) {
      throw new IllegalArgumentException("not a maskwatch event: " + event.getClass().getName());
    }
    return codec.encode(event);
  }
}
