package io.maskwatch.alert.domain.rules;

import java.util.List;

/**
 * One notification channel of a site. {@code name} identifies it within the site: an alert is
 * delivered at most once per channel name.
 *
 * @param type {@code webhook}, {@code email} or {@code mqtt}
 * @param url webhook: where the JSON is POSTed
 * @param format webhook: {@code json} (default, the alert as JSON) or {@code slack} ({"text": …})
 * @param host email: SMTP host; mqtt: broker host
 * @param port email: SMTP port (default 25); mqtt: broker port (default 1883)
 * @param from email: sender address
 * @param to email: recipients
 * @param topic mqtt: topic the alert is published to (QoS 1)
 */
public record ChannelSpec(
    String name,
    String type,
    String url,
    String format,
    String host,
    Integer port,
    String from,
    List<String> to,
    String topic) {

  public static final String WEBHOOK = "webhook";
  public static final String EMAIL = "email";
  public static final String MQTT = "mqtt";

  /**
   * @throws IllegalArgumentException naming the channel and what is missing or wrong
   */
  public void validate() {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a channel needs a name");
    }
    if (type == null) {
      throw new IllegalArgumentException("channel " + name + " needs a type");
    }
    switch (type) {
      case WEBHOOK -> {
        require(url, "url");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
          throw new IllegalArgumentException(
              "channel " + name + ": url must be http(s), got '" + url + "'");
        }
        if (format != null && !format.equals("json") && !format.equals("slack")) {
          throw new IllegalArgumentException(
              "channel " + name + ": format must be json or slack, got '" + format + "'");
        }
      }
      case EMAIL -> {
        require(host, "host");
        require(from, "from");
        if (to == null || to.isEmpty()) {
          throw new IllegalArgumentException("channel " + name + " needs recipients (to)");
        }
      }
      case MQTT -> {
        require(host, "host");
        require(topic, "topic");
      }
      default ->
          throw new IllegalArgumentException(
              "channel " + name + ": type must be webhook, email or mqtt, got '" + type + "'");
    }
    if (port != null && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException("channel " + name + ": port out of range: " + port);
    }
  }

  private void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("channel " + name + " (" + type + ") needs " + field);
    }
  }
}
