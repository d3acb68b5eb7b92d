package io.maskwatch.alert.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.alert.domain.FramePosition;
import io.maskwatch.alert.messaging.FrameReadException.Reason;
import io.maskwatch.alert.support.Pipeline;
import io.maskwatch.alert.support.VocScene;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.testing.KafkaBrokerResource;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading frames back from a real broker, outside Quarkus: every way a picture can be missing. */
class FramePictureReaderTest {

  private static Pipeline pipeline;
  private static FramePictureReader reader;

  @BeforeAll
  static void start() {
    pipeline = new Pipeline();
    reader = reader(KafkaBrokerResource.bootstrapServers(), Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    pipeline.close();
  }

  @Test
  void readsTheFrameAtItsPosition() {
    Frame frame = publishedFrame("reader-ok");
    FrameRef ref = pipeline.publishFrame(frame);

    Frame read = reader.read(position(ref), frame.getFrameId());

    assertThat(read.getFrameId()).isEqualTo(frame.getFrameId());
    assertThat(read.getImage()).isEqualTo(frame.getImage());
  }

  @Test
  void anOffsetPastTheEndOfThePartitionIsGone() {
    Frame frame = publishedFrame("reader-end");
    FrameRef ref = pipeline.publishFrame(frame);
    FramePosition beyond = new FramePosition(ref.getTopic(), ref.getPartition(), 1_000_000);

    assertThatThrownBy(() -> reader.read(beyond, frame.getFrameId()))
        .isInstanceOfSatisfying(
            FrameReadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.GONE))
        .hasMessageContaining("the partition ends at offset");
  }

  @Test
  void aTopicThatNoLongerExistsIsGone() {
    FramePosition nowhere = new FramePosition("frames-never-" + UUID.randomUUID(), 0, 0);

    assertThatThrownBy(() -> reader.read(nowhere, "any"))
        .isInstanceOfSatisfying(
            FrameReadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.GONE))
        .hasMessageContaining("no such topic partition");
  }

  @Test
  void anUnreachableKafkaIsUnavailableAfterTheTimeout() {
    FramePictureReader unreachable = reader("localhost:1", Duration.ofSeconds(2));

    assertThatThrownBy(() -> unreachable.read(new FramePosition("frames", 0, 0), "any"))
        .isInstanceOfSatisfying(
            FrameReadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
        .hasMessageContaining("PT2S");
  }

  private static Frame publishedFrame(String camera) {
    VocScene scene = VocScene.first("any photo", s -> true);
    return Pipeline.frame(Pipeline.newCamera(camera), scene);
  }

  private static FramePosition position(FrameRef ref) {
    return new FramePosition(ref.getTopic(), ref.getPartition(), ref.getOffset());
  }

  private static FramePictureReader reader(String bootstrapServers, Duration timeout) {
    return new FramePictureReader(Map.of("bootstrap.servers", bootstrapServers), timeout);
  }
}
