package io.maskwatch.face.domain;

import java.util.List;

/** Everything face-service found in one frame; {@code faces} is empty for a frame with none. */
public record FrameFaces(int width, int height, String detector, List<FoundFace> faces) {

  public FrameFaces {
    faces = List.copyOf(faces);
  }
}
