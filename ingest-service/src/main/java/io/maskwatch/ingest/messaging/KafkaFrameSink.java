package io.maskwatch.ingest.messaging;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Topics;
import io.maskwatch.ingest.camera.CameraSpec;
import io.maskwatch.ingest.camera.CapturedFrame;
import io.maskwatch.ingest.camera.FrameSink;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Camera frames to {@code frames}, keyed by camera id. */
public final class KafkaFrameSink implements FrameSink {

  private final Producer<String, byte[]> producer;
  private final String topic;

  public KafkaFrameSink(Producer<String, byte[]> producer) {
    this(producer, Topics.FRAMES);
  }

  public KafkaFrameSink(Producer<String, byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  @Override
  public void send(CameraSpec camera, CapturedFrame frame, Consumer<Exception> done) {
    byte[] value = EventCodec.FRAME.encode(CameraEvents.frame(camera, frame));
    producer.send(
        new ProducerRecord<>(topic, frame.cameraId(), value), (meta, e) -> done.accept(e));
  }
}
