package io.ebmperception.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameSizeTest {
  @Test
  void parsesWidthByHeightAndSaysWhatItWantsOtherwise() {
    assertThat(FrameSize.parse(" 1280X720 ")).isEqualTo(new FrameSize(1280, 720));
    for (String bad : new String[] {"640", "axb", "0x10", "1x2x3"}) {
      assertThatThrownBy(() -> FrameSize.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> FrameSize.parse("640")).hasMessage("size '640' must be WxH, e.g. 1280x720");
  }
}
