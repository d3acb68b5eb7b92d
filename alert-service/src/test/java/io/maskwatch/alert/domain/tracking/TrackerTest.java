package io.maskwatch.alert.domain.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.alert.domain.AnalysedFrame;
import io.maskwatch.alert.domain.Box;
import io.maskwatch.alert.domain.ClassifiedFace;
import io.maskwatch.alert.domain.FramePosition;
import io.maskwatch.alert.domain.Label;
import io.maskwatch.alert.domain.ModelRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrackerTest {

  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration HALF_SECOND = Duration.ofMillis(500);

  private final Tracker tracker = new Tracker(TrackingSettings.defaults());
  private final DecisionRule rule = DecisionRule.defaults(); // 5 frames, 70 %

  @Test
  void aPersonWalkingAcross30FramesIsOneTrackDecidedOnTheFifthFrame() {
    List<TrackedFace> seen = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      seen.addAll(
          tracker.observe(
              frame("cam", i, face(0, 20 + 25 * i, 100, Label.WITHOUT_MASK, 0.9f)), rule));
    }

    assertThat(seen).extracting(TrackedFace::trackId).containsOnly(seen.get(0).trackId());
    assertThat(seen.get(0).newTrack()).isTrue();
    assertThat(seen.subList(1, 30)).noneMatch(TrackedFace::newTrack);
    assertThat(seen.subList(0, 4)).allMatch(TrackedFace::uncertain);
    assertThat(seen).filteredOn(TrackedFace::decidedNow).hasSize(1);
    assertThat(seen.get(4).decidedNow()).isTrue();
    assertThat(seen.get(4).label()).isEqualTo(Label.WITHOUT_MASK);
    assertThat(seen.get(29).label()).isEqualTo(Label.WITHOUT_MASK);
    assertThat(seen.get(29).frames()).isEqualTo(30);
    assertThat(seen.get(29).trackFirstSeen()).isEqualTo(T0);
  }

  @Test
  void oneBadFrameInAMaskedTrackDoesNotMakeItAViolation() {
    List<TrackedFace> seen = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Label label = i == 2 ? Label.WITHOUT_MASK : Label.WITH_MASK;
      seen.addAll(tracker.observe(frame("cam", i, face(0, 100 + 5 * i, 80, label, 0.95f)), rule));
    }
    assertThat(seen).extracting(TrackedFace::trackId).containsOnly(seen.get(0).trackId());
    assertThat(seen).filteredOn(TrackedFace::decidedNow).hasSize(1);
    assertThat(seen.get(9).label()).isEqualTo(Label.WITH_MASK);
  }

  @Test
  void aTrackWithoutAClearMajorityStaysUncertain() {
    List<TrackedFace> seen = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Label label = i % 2 == 0 ? Label.WITHOUT_MASK : Label.WITH_MASK;
      seen.addAll(tracker.observe(frame("cam", i, face(0, 100, 80, label, 0.8f)), rule));
    }
    assertThat(seen).allMatch(TrackedFace::uncertain);
  }

  @Test
  void confidenceWeighsTheVote() {
    // 3 confident unmasked frames against 2 barely-masked ones: 2.7 / (2.7 + 0.6) = 82 %.
    List<TrackedFace> seen = new ArrayList<>();
    float[] confidences = {0.9f, 0.3f, 0.9f, 0.3f, 0.9f};
    for (int i = 0; i < 5; i++) {
      Label label = i % 2 == 0 ? Label.WITHOUT_MASK : Label.WITH_MASK;
      seen.addAll(tracker.observe(frame("cam", i, face(0, 100, 80, label, confidences[i])), rule));
    }
    assertThat(seen.get(4).decidedNow()).isTrue();
    assertThat(seen.get(4).label()).isEqualTo(Label.WITHOUT_MASK);
  }

  @Test
  void fewerFramesThanTheRuleAsksForStayUncertain() {
    List<TrackedFace> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      seen.addAll(tracker.observe(frame("cam", i, face(0, 100, 80, Label.WITHOUT_MASK, 1f)), rule));
    }
    assertThat(seen).allMatch(TrackedFace::uncertain);
  }

  @Test
  void twoPeopleWalkingTowardsEachOtherKeepTheirTracksWhenTheyCross() {
    // A walks right, B walks left, 40 px a frame, 60 px faces: at frame 8 each is nearer the
    // other's last position than its own; only the motion model keeps them apart.
    List<List<TrackedFace>> frames = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      frames.add(
          tracker.observe(
              frame(
                  "cam",
                  i,
                  face(0, 40 * i, 100, Label.WITH_MASK, 0.9f),
                  face(1, 620 - 40 * i, 100, Label.WITHOUT_MASK, 0.9f)),
              rule));
    }
    UUID a = frames.get(0).get(0).trackId();
    UUID b = frames.get(0).get(1).trackId();
    assertThat(a).isNotEqualTo(b);
    assertThat(frames).allSatisfy(faces -> assertThat(faces.get(0).trackId()).isEqualTo(a));
    assertThat(frames).allSatisfy(faces -> assertThat(faces.get(1).trackId()).isEqualTo(b));
    assertThat(frames.get(15).get(0).label()).isEqualTo(Label.WITH_MASK);
    assertThat(frames.get(15).get(1).label()).isEqualTo(Label.WITHOUT_MASK);
  }

  @Test
  void aTrackUnseenForLongerThanTheGapIsClosedAndTheFaceStartsANewOne() {
    UUID first =
        tracker
            .observe(frame("cam", 0, face(0, 100, 80, Label.WITH_MASK, 0.9f)), rule)
            .get(0)
            .trackId();
    // Frame 7 is 3.5 s later: beyond the 3 s gap.
    TrackedFace later =
        tracker.observe(frame("cam", 7, face(0, 100, 80, Label.WITH_MASK, 0.9f)), rule).get(0);
    assertThat(later.trackId()).isNotEqualTo(first);
    assertThat(later.newTrack()).isTrue();
    // Within the gap the track goes on.
    TrackedFace next =
        tracker.observe(frame("cam", 12, face(0, 104, 80, Label.WITH_MASK, 0.9f)), rule).get(0);
    assertThat(next.trackId()).isEqualTo(later.trackId());
  }

  @Test
  void aFaceFarFromEveryTrackStartsItsOwn() {
    tracker.observe(frame("cam", 0, face(0, 100, 80, Label.WITH_MASK, 0.9f)), rule);
    List<TrackedFace> next =
        tracker.observe(
            frame(
                "cam",
                1,
                face(0, 102, 80, Label.WITH_MASK, 0.9f),
                face(1, 400, 300, Label.WITH_MASK, 0.9f)),
            rule);
    assertThat(next.get(0).newTrack()).isFalse();
    assertThat(next.get(1).newTrack()).isTrue();
  }

  @Test
  void camerasAreTrackedApart() {
    UUID a =
        tracker
            .observe(frame("cam-a", 0, face(0, 100, 80, Label.WITH_MASK, 0.9f)), rule)
            .get(0)
            .trackId();
    TrackedFace b =
        tracker.observe(frame("cam-b", 1, face(0, 100, 80, Label.WITH_MASK, 0.9f)), rule).get(0);
    assertThat(b.trackId()).isNotEqualTo(a);
    assertThat(b.newTrack()).isTrue();
  }

  @Test
  void anUploadIsOneFrameTracksDecidedOnThatFrame() {
    AnalysedFrame upload =
        frame(
            "upload",
            "upload",
            0,
            face(0, 100, 80, Label.WITHOUT_MASK, 0.55f),
            face(1, 300, 80, Label.WITH_MASK, 0.9f));
    List<TrackedFace> faces = tracker.observe(upload, rule);
    assertThat(faces).allMatch(TrackedFace::newTrack).allMatch(TrackedFace::decidedNow);
    assertThat(faces)
        .extracting(TrackedFace::label)
        .containsExactly(Label.WITHOUT_MASK, Label.WITH_MASK);
    // The same picture uploaded again is other people as far as tracking goes.
    List<TrackedFace> again = tracker.observe(frame("upload", "upload", 1, faces(upload)), rule);
    assertThat(again.get(0).trackId()).isNotEqualTo(faces.get(0).trackId());
    assertThat(tracker.openTracks()).isZero();
  }

  @Test
  void aVideoUploadsFramesFollowOnePersonWhoIsDecidedOnceOnTheFirstFrame() {
    List<TrackedFace> seen = new ArrayList<>();
    for (int n = 0; n < 5; n++) {
      seen.add(
          tracker
              .observe(
                  uploadFrame("video-1", n, face(0, 100 + 4 * n, 80, Label.WITHOUT_MASK, 0.8f)),
                  rule)
              .get(0));
    }
    assertThat(seen.get(0).decidedNow()).isTrue();
    assertThat(seen.get(0).label()).isEqualTo(Label.WITHOUT_MASK);
    assertThat(seen.subList(1, 5)).noneMatch(TrackedFace::decidedNow);
    assertThat(seen).extracting(TrackedFace::trackId).containsOnly(seen.get(0).trackId());

    // Another upload of the same picture is another person, decided on its own frame.
    TrackedFace other =
        tracker
            .observe(uploadFrame("video-2", 0, face(0, 100, 80, Label.WITHOUT_MASK, 0.8f)), rule)
            .get(0);
    assertThat(other.trackId()).isNotEqualTo(seen.get(0).trackId());
    assertThat(other.decidedNow()).isTrue();
  }

  static AnalysedFrame uploadFrame(String uploadId, int n, ClassifiedFace... faces) {
    AnalysedFrame f = frame("upload", "upload", n, faces);
    return new AnalysedFrame(
        f.frameId(),
        f.cameraId(),
        f.source(),
        f.capturedAt(),
        f.position(),
        f.width(),
        f.height(),
        uploadId,
        f.detector(),
        f.model(),
        f.classifiedAt(),
        f.faces());
  }

  @Test
  void theSameFrameObservedAgainGetsTheSameAnswerAndAnOlderFrameIsNotTracked() {
    AnalysedFrame second = frame("cam", 1, face(0, 100, 80, Label.WITH_MASK, 0.9f));
    tracker.observe(frame("cam", 0, face(0, 100, 80, Label.WITH_MASK, 0.9f)), rule);
    List<TrackedFace> once = tracker.observe(second, rule);
    assertThat(tracker.observe(second, rule)).isEqualTo(once);
    assertThat(once.get(0).frames()).isEqualTo(2);
    AnalysedFrame older = frame("cam", 0, face(0, 100, 80, Label.WITH_MASK, 0.9f));
    assertThat(tracker.observe(older, rule)).isEmpty();
  }

  @Test
  void expiringForgetsCamerasWithNoOpenTrack() {
    tracker.observe(frame("cam", 0, face(0, 100, 80, Label.WITH_MASK, 0.9f)), rule);
    assertThat(tracker.openTracks()).isEqualTo(1);
    tracker.expire(T0.plusSeconds(10));
    assertThat(tracker.openTracks()).isZero();
  }

  static ClassifiedFace face(int index, int x, int y, Label label, float confidence) {
    return new ClassifiedFace(index, new Box(x, y, 60, 60), label, confidence, 0.9f);
  }

  private static ClassifiedFace[] faces(AnalysedFrame frame) {
    return frame.faces().toArray(ClassifiedFace[]::new);
  }

  /** Frame {@code n} of a camera at 2 fps. */
  static AnalysedFrame frame(String camera, int n, ClassifiedFace... faces) {
    return frame(camera, "camera", n, faces);
  }

  static AnalysedFrame frame(String camera, String source, int n, ClassifiedFace... faces) {
    Instant captured = T0.plus(HALF_SECOND.multipliedBy(n));
    return new AnalysedFrame(
        camera + "-" + n + "-" + UUID.randomUUID(),
        camera,
        source,
        captured,
        new FramePosition("frames", 0, n),
        1280,
        720,
        null,
        "yunet",
        new ModelRef("m", "1", "x"),
        captured,
        List.of(faces));
  }
}
