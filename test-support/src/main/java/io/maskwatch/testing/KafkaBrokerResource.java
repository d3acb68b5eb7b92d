package io.maskwatch.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.util.Map;

/**
 * A real Kafka broker (KRaft, broker and controller in one) inside the test JVM, on free ports. One
 * broker serves every test class of the JVM; it stops when the JVM exits.
 *
 * <p>Use with {@code @QuarkusTestResource(KafkaBrokerResource.class)}; it sets {@code
 * kafka.bootstrap.servers}.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

  private static EmbeddedKafkaBroker broker;

  /** Starts the JVM's broker if needed and returns its bootstrap servers. */
  public static synchronized String bootstrapServers() {
    if (broker == null) {
      broker =
          new EmbeddedKafkaBroker()
              .withDeleteLogDirsOnClose(true)
              .withAdditionalProperties(
                  props -> {
                    props.put("num.partitions", "2");
                    props.put("auto.create.topics.enable", "true");
                    props.put("group.initial.rebalance.delay.ms", "0");
                    props.put("offsets.topic.num.partitions", "2");
                  })
              .start();
      EmbeddedKafkaBroker started = broker;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kafka-broker-stop"));
    }
    return broker.getAdvertisedListeners();
  }

  @Override
  public Map<String, String> start() {
    return Map.of("kafka.bootstrap.servers", bootstrapServers());
  }

  @Override
  public void stop() {
    // The broker outlives one test class: Quarkus restarts between classes, the broker need not.
  }
}
