package io.maskwatch.alert.messaging;

import io.maskwatch.events.EventCodec;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Decodes events with the event classes' own class loader as the thread's context loader. Avro
 * looks generated classes up through the context loader, and on a Quarkus worker thread in tests
 * that loader holds a second copy of them: the decoded record then cannot be cast ("Verdicts cannot
 * be cast to IndexedRecord"). Belongs in EventCodec itself; kept here until it is.
 */
final class Decoding {

  private Decoding() {}

  static <T extends SpecificRecordBase> T decode(EventCodec<T> codec, byte[] payload) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(codec.type().getClassLoader());
    try {
      return codec.decode(payload);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
