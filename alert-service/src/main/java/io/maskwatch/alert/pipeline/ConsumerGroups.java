package io.maskwatch.alert.pipeline;

import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.events.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The pipeline's consumer groups as Kafka sees them (Admin client): each stage's members (its
 * running instances, in a cluster or not), its lag per topic (end offset − committed offset, summed
 * over partitions) and its throughput (committed offsets per second since the previous look).
 */
@ApplicationScoped
public class ConsumerGroups {

  /** A stage of the pipeline: the service, its consumer group and the topic it reads. */
  public record Stage(String service, String group, String topic) {}

  /** The stages, in pipeline order. */
  public static final List<Stage> STAGES =
      List.of(
          new Stage("face-service", "face-service", Topics.FRAMES),
          new Stage("mask-service", "mask-service", Topics.FACES),
          new Stage("alert-service", "alert-service", Topics.VERDICTS));

  /** One member of a group: a consumer in a running instance. */
  public record Member(String clientId, String host) {}

  /** What Kafka says about one stage now. */
  public record StageState(Stage stage, List<Member> members, long lag, Double perSecond) {}

  private record Seen(long nanos, long committed) {}

  private final String bootstrapServers;
  private final Duration timeout;
  private final Map<String, Seen> previous = new HashMap<>();
  private Admin admin;

  public ConsumerGroups(
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      AlertConfig config) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = config.pipeline().kafkaTimeout();
  }

  /** Every stage's members, lag and throughput. */
  public synchronized List<StageState> read() {
    try {
      Admin client = admin();
      Map<String, org.apache.kafka.common.KafkaFuture<ConsumerGroupDescription>> groups =
          client
              .describeConsumerGroups(STAGES.stream().map(Stage::group).toList())
              .describedGroups();
      List<StageState> states = new ArrayList<>();
      for (Stage stage : STAGES) {
        Map<TopicPartition, OffsetAndMetadata> committed = new LinkedHashMap<>();
        committedOffsets(client, stage.group())
            .forEach(
                (partition, offset) -> {
                  if (offset != null && partition.topic().equals(stage.topic())) {
                    committed.put(partition, offset);
                  }
                });
        long lag = 0;
        long committedSum = 0;
        if (!committed.isEmpty()) {
          Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
          committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
          Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
              client.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
            long end = ends.get(entry.getKey()).offset();
            lag += Math.max(0, end - entry.getValue().offset());
            committedSum += entry.getValue().offset();
          }
        }
        ConsumerGroupDescription description = described(groups.get(stage.group()));
        List<Member> members =
            description == null
                ? List.of()
                : description.members().stream()
                    .map(ConsumerGroups::member)
                    .sorted(java.util.Comparator.comparing(Member::clientId))
                    .toList();
        states.add(new StageState(stage, members, lag, rate(stage.group(), committedSum)));
      }
      return states;
    } catch (ExecutionException | TimeoutException e) {
      throw new PipelineUnavailableException(
          "Kafka at " + bootstrapServers + " did not answer about the consumer groups: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineUnavailableException("interrupted while asking Kafka");
    }
  }

  /** The group's description, or null for a group Kafka does not know. */
  private ConsumerGroupDescription described(
      org.apache.kafka.common.KafkaFuture<ConsumerGroupDescription> future)
      throws ExecutionException, TimeoutException, InterruptedException {
    try {
      return future == null ? null : future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return null;
      }
      throw e;
    }
  }

  /** The group's committed offsets; none for a group Kafka does not know (never started). */
  private Map<TopicPartition, OffsetAndMetadata> committedOffsets(Admin client, String group)
      throws ExecutionException, TimeoutException, InterruptedException {
    try {
      return client
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw e;
    }
  }

  private Double rate(String group, long committed) {
    long now = System.nanoTime();
    Seen before = previous.put(group, new Seen(now, committed));
    if (before == null || now - before.nanos() < 1_000_000L) {
      return null;
    }
    double seconds = (now - before.nanos()) / 1e9;
    return Math.max(0, committed - before.committed()) / seconds;
  }

  private static Member member(MemberDescription member) {
    return new Member(member.clientId(), member.host());
  }

  private Admin admin() {
    if (admin == null) {
      admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers,
                  AdminClientConfig.CLIENT_ID_CONFIG,
                  "alert-service-pipeline",
                  AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                  (int) timeout.toMillis(),
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                  (int) timeout.toMillis()));
    }
    return admin;
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }
}
