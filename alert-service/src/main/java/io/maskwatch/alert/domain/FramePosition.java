package io.maskwatch.alert.domain;

/** Where a frame's picture lies in Kafka: it can be read back from there while retention lasts. */
public record FramePosition(String topic, int partition, long offset) {

  public FramePosition {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("frame position has no topic");
    }
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "frame position " + topic + "/" + partition + "@" + offset + " is negative");
    }
  }

  @Override
  public String toString() {
    return topic + "/" + partition + "@" + offset;
  }
}
