package io.maskwatch.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of every error answer.
 *
 * @param accepted the content types that would have been accepted (415 only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(String error, List<String> accepted) {

  public ErrorResponse(String error) {
    this(error, null);
  }
}
