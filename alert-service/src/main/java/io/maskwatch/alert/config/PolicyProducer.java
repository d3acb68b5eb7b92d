package io.maskwatch.alert.config;

import io.maskwatch.alert.domain.Label;
import io.maskwatch.alert.domain.ViolationPolicy;
import io.maskwatch.alert.domain.tracking.Tracker;
import io.maskwatch.alert.domain.tracking.TrackingSettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.EnumSet;
import java.util.Set;

/** Turns the configured violation labels into the domain's policy; a typo stops the start. */
public class PolicyProducer {

  @Produces
  @Singleton
  ViolationPolicy violationPolicy(AlertConfig config) {
    Set<Label> labels = EnumSet.noneOf(Label.class);
    for (String name : config.violationLabels()) {
      try {
        labels.add(Label.fromWireName(name.trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "maskwatch.alert.violation-labels: " + e.getMessage(), e);
      }
    }
    return new ViolationPolicy(labels);
  }

  @Produces
  @Singleton
  Tracker tracker(AlertConfig config) {
    AlertConfig.Tracking tracking = config.tracking();
    return new Tracker(
        new TrackingSettings(tracking.minIou(), tracking.maxCentreDistance(), tracking.maxGap()));
  }
}
