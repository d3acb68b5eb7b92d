package io.maskwatch.alert.support;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An MQTT broker endpoint in the test JVM (Vert.x MqttServer): accepts every client, keeps every
 * PUBLISH, and acknowledges QoS 1 with PUBACK. It does not forward to subscribers: the tests only
 * need to see what reached the broker.
 */
public final class MqttSink implements AutoCloseable {

  /** One PUBLISH as received. */
  public record Publish(String topic, int qos, String payload) {}

  private final Vertx vertx = Vertx.vertx();
  private final MqttServer server;
  private final List<Publish> received = new CopyOnWriteArrayList<>();

  public MqttSink() throws Exception {
    server = MqttServer.create(vertx, new MqttServerOptions().setHost("127.0.0.1").setPort(0));
    server.endpointHandler(
        endpoint -> {
          endpoint.publishHandler(
              message -> {
                received.add(
                    new Publish(
                        message.topicName(),
                        message.qosLevel().value(),
                        message.payload().toString()));
                if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                  endpoint.publishAcknowledge(message.messageId());
                }
              });
          endpoint.disconnectHandler(v -> {});
          endpoint.accept(false);
        });
    server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  public int port() {
    return server.actualPort();
  }

  public List<Publish> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
