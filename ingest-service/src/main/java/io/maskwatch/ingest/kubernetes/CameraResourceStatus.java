package io.maskwatch.ingest.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The status of a {@code Camera} resource. The sync writes only {@code lastError} (why the resource
 * was not taken into the registry; never a secret), the other fields are kept as found.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CameraResourceStatus {

  public String state;
  public Double fps;
  public Long framesSent;
  public Long framesDropped;
  public String lastError;
}
