package io.maskwatch.alert.pipeline;

import java.util.List;

/**
 * One service of the pipeline as the dashboard shows it.
 *
 * @param desired replicas asked for (the Deployment's spec; locally the running instances)
 * @param ready replicas ready
 * @param autoscaler {@code keda}, {@code hpa} or null
 * @param min the autoscaler's lower bound, or null
 * @param max the autoscaler's upper bound, or null
 */
public record ServiceState(
    String name,
    Integer desired,
    Integer ready,
    String autoscaler,
    Integer min,
    Integer max,
    List<Instance> instances) {

  /** A pod, or locally a consumer of the service's group. */
  public record Instance(String name, boolean ready) {}
}
