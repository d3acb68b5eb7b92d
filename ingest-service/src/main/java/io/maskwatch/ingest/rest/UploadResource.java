package io.maskwatch.ingest.rest;

import io.maskwatch.ingest.Uploads;
import io.maskwatch.ingest.domain.ImageFormat;
import io.maskwatch.ingest.domain.UploadRejectedException;
import io.maskwatch.ingest.domain.UploadRejectedException.Reason;
import io.maskwatch.ingest.domain.UploadStatus;
import io.maskwatch.ingest.domain.VideoFormats;
import io.maskwatch.ingest.messaging.PublishFailedException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Photo and video uploads: {@code POST /api/uploads} with a JPEG or PNG body, or a video (MP4, AVI,
 * QuickTime, WebM; sampled into frames), or a multipart form with a {@code file} part, answers 202
 * once the picture (all the video's frames) is safely in Kafka; {@code GET /api/uploads/{id}} says
 * whether its verdicts have arrived and what they are.
 */
@Path(UploadResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class UploadResource {

  static final String PATH = "/api/uploads";

  /** What a 415 answer lists: pictures, then videos. */
  static final List<String> ACCEPTED =
      Stream.concat(ImageFormat.CONTENT_TYPES.stream(), VideoFormats.CONTENT_TYPES.stream())
          .toList();

  private final Uploads uploads;

  public UploadResource(Uploads uploads) {
    this.uploads = uploads;
  }

  /** The picture as the request body; any type but JPEG and PNG is refused with 415. */
  @POST
  @Consumes(MediaType.WILDCARD)
  public Response upload(
      byte[] body,
      @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
      @RestHeader("X-File-Name") String fileName) {
    byte[] bytes = body == null ? new byte[0] : body;
    if (VideoFormats.isVideo(contentType, fileName)) {
      return acceptedVideo(bytes, fileName);
    }
    return accepted(uploads.accept(contentType, bytes, fileName));
  }

  private Response acceptedVideo(byte[] bytes, String fileName) {
    java.nio.file.Path file = null;
    try {
      file = Files.createTempFile("maskwatch-video-", ".upload");
      Files.write(file, bytes);
      return accepted(uploads.acceptVideo(file, bytes.length, fileName));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the uploaded video", e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temporary file left behind; the OS cleans it up
        }
      }
    }
  }

  /** The picture as the {@code file} part of a form, as browsers and {@code curl -F} send it. */
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response uploadForm(@RestForm("file") FileUpload file) {
    if (file == null) {
      throw new UploadRejectedException(
          Reason.INVALID_IMAGE, "the form has no 'file' part: send the picture as file=@photo.jpg");
    }
    if (VideoFormats.isVideo(file.contentType(), file.fileName())) {
      // Decoded straight from the file the HTTP layer stored (deleted at the request's end).
      return accepted(uploads.acceptVideo(file.uploadedFile(), file.size(), file.fileName()));
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file.uploadedFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded file", e);
    }
    return accepted(uploads.accept(file.contentType(), bytes, file.fileName()));
  }

  @GET
  @Path("{uploadId}")
  public Response status(@RestPath String uploadId) {
    return uploads
        .status(uploadId)
        .map(upload -> Response.ok(UploadStatusResponse.of(upload)).build())
        .orElseGet(
            () ->
                Response.status(Response.Status.NOT_FOUND)
                    .entity(
                        new ErrorResponse(
                            "no upload "
                                + uploadId
                                + " here: unknown, or older than the time uploads are kept"))
                    .build());
  }

  private static Response accepted(UploadStatus upload) {
    return Response.accepted(UploadStatusResponse.of(upload))
        .location(URI.create(PATH + "/" + upload.uploadId()))
        .build();
  }

  @ServerExceptionMapper
  public RestResponse<ErrorResponse> rejected(UploadRejectedException e) {
    return switch (e.reason()) {
      case UNSUPPORTED_TYPE ->
          RestResponse.status(
              Response.Status.UNSUPPORTED_MEDIA_TYPE,
              new ErrorResponse(
                  e.getMessage()
                      + " (as the request body, or as the 'file' part of a multipart/form-data"
                      + " form)",
                  ACCEPTED));
      case TOO_LARGE ->
          RestResponse.status(
              Response.Status.REQUEST_ENTITY_TOO_LARGE, new ErrorResponse(e.getMessage()));
      case INVALID_IMAGE ->
          RestResponse.status(Response.Status.BAD_REQUEST, new ErrorResponse(e.getMessage()));
    };
  }

  @ServerExceptionMapper
  public RestResponse<ErrorResponse> notPublished(PublishFailedException e) {
    return RestResponse.status(
        Response.Status.SERVICE_UNAVAILABLE,
        new ErrorResponse(
            "the upload could not be handed to the pipeline, try again later: " + e.getMessage()));
  }
}
