package io.maskwatch.alert.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.notify.AlertMessage;
import io.maskwatch.alert.domain.rules.ChannelSpec;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one notification to one channel and returns only once the channel has taken it: a 2xx from
 * the webhook, the SMTP server's acceptance of the message, the MQTT broker's PUBACK (QoS 1). Each
 * carries the alert id so that a receiver can drop a repeat (header {@code Idempotency-Key}, e-mail
 * {@code Message-ID}, the JSON's {@code alertId}).
 */
@ApplicationScoped
public class ChannelSenders {

  private final ObjectMapper json;
  private final Vertx vertx;
  private final Duration timeout;
  private final HttpClient http;
  private final Map<String, MailClient> mailClients = new ConcurrentHashMap<>();

  public ChannelSenders(ObjectMapper json, Vertx vertx, AlertConfig config) {
    this.json = json;
    this.vertx = vertx;
    this.timeout = config.notifications().timeout();
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public void send(ChannelSpec channel, AlertMessage alert) throws DeliveryException {
    switch (channel.type()) {
      case ChannelSpec.WEBHOOK -> webhook(channel, alert);
      case ChannelSpec.EMAIL -> email(channel, alert);
      case ChannelSpec.MQTT -> mqtt(channel, alert);
      default -> throw new DeliveryException("unknown channel type " + channel.type());
    }
  }

  private void webhook(ChannelSpec channel, AlertMessage alert) throws DeliveryException {
    String body =
        "slack".equals(channel.format())
            ? write(Map.of("text", alert.headline() + " (alert " + alert.alertId() + ")"))
            : write(alert);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(channel.url()))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", alert.alertId())
            .header("X-Maskwatch-Alert-Id", alert.alertId())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new DeliveryException(
            "webhook " + channel.url() + " answered " + response.statusCode());
      }
    } catch (IOException e) {
      throw new DeliveryException("webhook " + channel.url() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted", e);
    }
  }

  private void email(ChannelSpec channel, AlertMessage alert) throws DeliveryException {
    int port = channel.port() == null ? 25 : channel.port();
    MailClient client =
        mailClients.computeIfAbsent(
            channel.host() + ":" + port,
            key ->
                MailClient.create(
                    vertx,
                    new MailConfig()
                        .setHostname(channel.host())
                        .setPort(port)
                        .setStarttls(StartTLSOptions.OPTIONAL)
                        .setConnectTimeout((int) timeout.toMillis())
                        .setKeepAlive(false)));
    MailMessage message =
        new MailMessage()
            .setFrom(channel.from())
            .setTo(channel.to())
            .setSubject(alert.headline())
            .setText(alert.text())
            .addHeader("Message-ID", "<" + alert.alertId() + "." + channel.name() + "@maskwatch>")
            .addHeader("X-Maskwatch-Alert-Id", alert.alertId());
    await(
        client.sendMail(message).toCompletionStage().toCompletableFuture(),
        "SMTP " + channel.host() + ":" + port);
  }

  private void mqtt(ChannelSpec channel, AlertMessage alert) throws DeliveryException {
    int port = channel.port() == null ? 1883 : channel.port();
    String where = "MQTT " + channel.host() + ":" + port;
    MqttClientOptions options = new MqttClientOptions();
    options.setClientId("maskwatch-alert-" + alert.alertId().substring(0, 8)).setCleanSession(true);
    options.setConnectTimeout((int) timeout.toMillis());
    MqttClient client = MqttClient.create(vertx, options);
    CompletableFuture<Integer> acked = new CompletableFuture<>();
    client.publishCompletionHandler(acked::complete);
    try {
      await(client.connect(port, channel.host()).toCompletionStage().toCompletableFuture(), where);
      Integer id =
          await(
              client
                  .publish(
                      channel.topic(),
                      Buffer.buffer(write(alert)),
                      MqttQoS.AT_LEAST_ONCE,
                      false,
                      false)
                  .toCompletionStage()
                  .toCompletableFuture(),
              where);
      Integer ackedId = await(acked, where + " (PUBACK)");
      if (!ackedId.equals(id)) {
        throw new DeliveryException(where + ": PUBACK for packet " + ackedId + ", sent " + id);
      }
    } finally {
      if (client.isConnected()) {
        client.disconnect();
      }
    }
  }

  private <T> T await(CompletableFuture<T> future, String where) throws DeliveryException {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new DeliveryException(where + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new DeliveryException(where + " did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted", e);
    }
  }

  private String write(Object value) throws DeliveryException {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new DeliveryException("cannot write the alert as JSON: " + e.getMessage(), e);
    }
  }

  @PreDestroy
  void close() {
    mailClients.values().forEach(MailClient::close);
  }
}
