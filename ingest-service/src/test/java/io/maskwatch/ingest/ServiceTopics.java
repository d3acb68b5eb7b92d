package io.maskwatch.ingest;

import io.maskwatch.events.Topics;
import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the service's topics on the test broker before the service starts, as a deployment does,
 * with {@code frames} taking messages as large as the largest upload (the broker's default is 1
 * MB).
 */
public class ServiceTopics implements QuarkusTestResourceLifecycleManager {

  /** 12 MiB: an 11 MiB producer request (10 MiB upload plus the frame's fields) fits. */
  static final String FRAMES_MAX_MESSAGE_BYTES = "12582912";

  @Override
  public Map<String, String> start() {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.bootstrapServers()))) {
      for (String topic :
          List.of(
              Topics.FRAMES,
              Topics.VERDICTS,
              Topics.DEAD_LETTERS,
              Topics.CAMERAS,
              Topics.CAMERA_STATUS)) {
        NewTopic newTopic = new NewTopic(topic, 2, (short) 1);
        if (topic.equals(Topics.CAMERAS)) {
          newTopic.configs(
              Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        try {
          admin.createTopics(List.of(newTopic)).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      ConfigResource frames = new ConfigResource(ConfigResource.Type.TOPIC, Topics.FRAMES);
      AlterConfigOp larger =
          new AlterConfigOp(
              new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, FRAMES_MAX_MESSAGE_BYTES),
              AlterConfigOp.OpType.SET);
      admin.incrementalAlterConfigs(Map.of(frames, List.of(larger))).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create the topics: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return Map.of();
  }

  @Override
  public void stop() {}
}
