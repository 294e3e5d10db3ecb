package io.ebmperception.stream.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebmperception.schemas.Frame;
import io.ebmperception.testkit.TestFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRecorderTest {

  @Test
  void writesTheImagesAndOneCsvRowPerFrameAndRefusesTheRestWithAReason(@TempDir Path dir) throws Exception {
    try (DatasetRecorder recorder = new DatasetRecorder(dir, "steering", List.of("steering_deg"), f -> null)) {
      assertThat(recorder.write(TestFrames.frame("cam/1", 4), "ess 0.050")).isNull();
      assertThat(recorder.write(TestFrames.frame("cam/1", 4), "")).isEqualTo(DatasetRecorder.Skip.DUPLICATE);
      Frame other = Frame.newBuilder(TestFrames.frame("cam", 5)).setTask("headpose").build();
      assertThat(recorder.write(other, "")).isEqualTo(DatasetRecorder.Skip.OTHER_TASK);
      Frame unlabelled = Frame.newBuilder(TestFrames.frame("cam", 6)).setLabel(null).build();
      assertThat(recorder.write(unlabelled, "")).isEqualTo(DatasetRecorder.Skip.NO_LABEL);
      Frame wide = Frame.newBuilder(TestFrames.frame("cam", 7)).setLabel(List.of(1f, 2f)).build();
      assertThat(recorder.write(wide, "")).isEqualTo(DatasetRecorder.Skip.WRONG_LABEL_LENGTH);
      assertThat(recorder.written()).isEqualTo(1);
    }
    assertThat(Files.readAllLines(dir.resolve("steering.csv")))
        .containsExactly("file,steering_deg,camera,sequence,reason", "images/cam_1-4.jpg,4.0,cam/1,4,ess 0.050");
    assertThat(Files.readAllBytes(dir.resolve("images/cam_1-4.jpg")))
        .isEqualTo(TestFrames.jpeg(48, 32, 4));
    assertThatThrownBy(() -> new DatasetRecorder(dir, "steering", List.of("steering_deg"), f -> null))
        .hasMessageContaining("exists already");
  }
}
