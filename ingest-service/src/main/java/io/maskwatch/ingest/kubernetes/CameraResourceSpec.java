package io.maskwatch.ingest.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The spec of a {@code Camera} resource, as declared; checked by the same validator as the REST
 * API. Absent optional fields (null) take the API's defaults.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class CameraResourceSpec {

  public String name;
  public String site;
  public String zone;
  public String url;

  /** A Secret key holding the URL with its credentials; wins over {@link #url}. */
  public SecretKeyRef urlSecretRef;

  public Double sampleFps;
  public Integer maxWidth;
  public Integer maxHeight;
  public Boolean enabled;

  /** A key of a Secret in the Camera's namespace. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class SecretKeyRef {
    public String name;
    public String key;
  }
}
