package io.ebmperception.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CameraSpecTest {
  @Test
  void theCameraOptionCarriesItsUrlAndOverridesTheDefaults() {
    CameraSpec plain = CameraSpec.parse("front=rtsp://10.0.0.5:554/stream", "steering", 15);
    assertThat(plain).isEqualTo(new CameraSpec("front", "rtsp://10.0.0.5:554/stream", "steering", 15, 0, 0));
    CameraSpec full = CameraSpec.parse("cabin=/dev/video0,task=headpose,fps=7.5,size=256x192", "steering", 15);
    assertThat(full).isEqualTo(new CameraSpec("cabin", "/dev/video0", "headpose", 7.5, 256, 192));
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> CameraSpec.parse("rtsp://x", "s", 15)).hasMessageContaining("must be ID=URL");
    assertThatThrownBy(() -> CameraSpec.parse("a=udp://x,speed=3", "s", 15)).hasMessageContaining("unknown option 'speed'");
    assertThatThrownBy(() -> CameraSpec.parse("a=udp://x,fps=fast", "s", 15)).hasMessageContaining("bad value 'fast' for fps");
    assertThatThrownBy(() -> CameraSpec.parse("a=udp://x,fps=0", "s", 15)).hasMessageContaining("fps must be positive");
    assertThatThrownBy(() -> CameraSpec.parse("a=udp://x,size=640", "s", 15)).hasMessageContaining("bad value '640' for size");
  }
}
