package io.maskwatch.alert.rest;

import io.maskwatch.alert.messaging.FrameReadException;
import io.maskwatch.alert.pipeline.PipelineUnavailableException;
import io.maskwatch.alert.pipeline.ScaleRefusedException;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every refusal of the API as JSON {@link ApiError}, whatever the endpoint produces. */
public class ApiErrors {

  @ServerExceptionMapper
  public Response invalidRequest(InvalidRequestException e) {
    return error(Response.Status.BAD_REQUEST, e.getMessage());
  }

  @ServerExceptionMapper
  public Response unknownFrame(UnknownFrameException e) {
    return error(Response.Status.NOT_FOUND, e.getMessage());
  }

  @ServerExceptionMapper
  public Response unknownCamera(UnknownCameraException e) {
    return error(Response.Status.NOT_FOUND, e.getMessage());
  }

  @ServerExceptionMapper
  public Response unknownAlert(UnknownAlertException e) {
    return error(Response.Status.NOT_FOUND, e.getMessage());
  }

  /** A logged-in user whose role does not allow this (e.g. a viewer acknowledging an alert). */
  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return error(Response.Status.FORBIDDEN, "your role does not allow this");
  }

  @ServerExceptionMapper
  public Response scaleRefused(ScaleRefusedException e) {
    return error(Response.Status.fromStatusCode(e.status()), e.getMessage());
  }

  @ServerExceptionMapper
  public Response pipelineUnavailable(PipelineUnavailableException e) {
    return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
  }

  @ServerExceptionMapper
  public Response frameRead(FrameReadException e) {
    Response.Status status =
        switch (e.reason()) {
          case GONE -> Response.Status.GONE;
          case UNAVAILABLE -> Response.Status.SERVICE_UNAVAILABLE;
          case UNREADABLE -> Response.Status.INTERNAL_SERVER_ERROR;
        };
    return error(status, e.getMessage());
  }

  private static Response error(Response.Status status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(status.getStatusCode(), message))
        .build();
  }
}
