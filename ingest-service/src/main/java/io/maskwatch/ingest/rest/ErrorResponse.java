package io.maskwatch.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of every error answer.
 *
 * @param accepted the content types that would have been accepted (415 only)
 * @param field the request field at fault (camera validation only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(String error, List<String> accepted, String field) {

  public ErrorResponse(String error) {
    this(error, null, null);
  }

  public ErrorResponse(String error, List<String> accepted) {
    this(error, accepted, null);
  }

  public static ErrorResponse ofField(String field, String error) {
    return new ErrorResponse(error, null, field);
  }
}
