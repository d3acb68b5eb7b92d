package io.maskwatch.ingest.messaging;

import io.maskwatch.ingest.config.IngestConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Positions this instance's {@code verdicts} consumer, whose group is its own (no committed
 * offsets), at the first verdict written within the upload TTL. Reading from {@code latest} would
 * lose a verdict written before the partitions were assigned (an upload accepted by another
 * instance, or one accepted here just as the consumer started or rejoined); reading from {@code
 * earliest} would replay the topic's whole retention. Verdicts older than the TTL belong to uploads
 * the store would forget anyway.
 */
@ApplicationScoped
@Identifier(VerdictsReplay.NAME)
public class VerdictsReplay implements KafkaConsumerRebalanceListener {

  /** Named by {@code mp.messaging.incoming.verdicts.consumer-rebalance-listener.name}. */
  public static final String NAME = "ingest-verdicts-replay";

  private static final Logger LOG = Logger.getLogger(VerdictsReplay.class);

  private final Duration lookback;

  @Inject
  public VerdictsReplay(IngestConfig config) {
    this(config.uploadStatus().ttl());
  }

  /**
   * @param lookback how far back from now to start reading
   */
  public VerdictsReplay(Duration lookback) {
    this.lookback = lookback;
  }

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Instant since = Instant.now().minus(lookback);
    // End offsets first: a partition with no verdict since then is read from this end, and
    // anything written after this call is at or beyond it, so nothing falls in between.
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, since.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp first = found.get(partition);
      consumer.seek(partition, first != null ? first.offset() : ends.get(partition));
    }
    LOG.infof(
        "verdicts: reading %d partition(s) from %s (upload TTL %s back) to learn recent uploads",
        partitions.size(), since, lookback);
  }
}
