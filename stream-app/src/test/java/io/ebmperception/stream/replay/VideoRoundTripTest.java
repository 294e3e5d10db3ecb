package io.ebmperception.stream.replay;

import io.ebmperception.stream.replay.FrameSource;
import io.ebmperception.stream.replay.LabelTable;
import io.ebmperception.stream.replay.SourceFrame;
import io.ebmperception.stream.replay.VideoWriter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebmperception.testkit.TestFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folder → MP4 (FFmpegFrameRecorder) → frames again (FFmpegFrameGrabber), with labels. */
class VideoRoundTripTest {

  @Test
  void aFolderEncodedAsMp4ReadsBackFrameByFrame(@TempDir Path dir) throws Exception {
    Path frames = Files.createDirectories(dir.resolve("frames"));
    for (int i = 0; i < 12; i++) {
      Files.write(frames.resolve(String.format("f-%03d.jpg", i)), TestFrames.jpeg(64, 48, i * 4));
    }
    Files.writeString(dir.resolve("labels.csv"), "frame,angle\n0,1.5\n11,-2\n");
    Path video = dir.resolve("drive.mp4");
    assertThat(VideoWriter.encode(frames, video, 10)).isEqualTo(12);
    List<SourceFrame> read = new ArrayList<>();
    try (FrameSource source = FrameSource.open(video, 10)) {
      source.forEachRemaining(read::add);
    }
    assertThat(read).hasSize(12);
    assertThat(read.get(0).width()).isEqualTo(64);
    assertThat(read.get(0).height()).isEqualTo(48);
    assertThat(read.get(11).index()).isEqualTo(11);
    assertThat(read.get(11).timestampMs()).isBetween(1000L, 1200L);
    assertThat(read.get(5).jpeg()[0]).isEqualTo((byte) 0xFF);
    LabelTable labels = LabelTable.read(dir.resolve("labels.csv"));
    assertThat(labels.label(11)).containsExactly(-2f);
    assertThat(labels.label(5)).isNull();
    assertThat(labels.names()).containsExactly("angle");
  }

  @Test
  void unreadableInputsAreOneLineErrors(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> FrameSource.open(dir.resolve("nope.mp4"), 10))
        .hasMessageContaining("no such video file or image folder");
    Files.writeString(dir.resolve("bad.mp4"), "not a video");
    assertThatThrownBy(() -> FrameSource.open(dir.resolve("bad.mp4"), 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read video");
    Files.writeString(dir.resolve("l.csv"), "frame,a\n3,x\n");
    assertThatThrownBy(() -> LabelTable.read(dir.resolve("l.csv"))).hasMessageContaining("l.csv:2");
  }
}
