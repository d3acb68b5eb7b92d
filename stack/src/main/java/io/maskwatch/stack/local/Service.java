package io.maskwatch.stack.local;

/** The four services, with the module they are built in and the port they serve by default. */
public enum Service {
  INGEST("ingest-service", 8081),
  FACE("face-service", 8082),
  MASK("mask-service", 8083),
  ALERT("alert-service", 8084);

  private final String module;
  private final int defaultPort;

  Service(String module, int defaultPort) {
    this.module = module;
    this.defaultPort = defaultPort;
  }

  public String module() {
    return module;
  }

  public int defaultPort() {
    return defaultPort;
  }

  /** The service called {@code name}: {@code face}, {@code face-service} or {@code FACE}. */
  public static Service named(String name) {
    for (Service service : values()) {
      String module = service.module();
      if (name.equalsIgnoreCase(service.name())
          || name.equals(module)
          || name.equals(module.substring(0, module.indexOf('-')))) {
        return service;
      }
    }
    throw new IllegalArgumentException(
        "no service '" + name + "' (one of ingest, face, mask, alert)");
  }
}
