package io.ebmperception.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ToyDataTest {

  @Test
  void bundledDatasetsHaveThePapersSizes() {
    assertThat(ToyDatasets.gustafsson2020Train().size()).isEqualTo(2000);
    assertThat(ToyDatasets.brando2019("train").size()).isEqualTo(1710);
    assertThat(ToyDatasets.brando2019("val").size()).isEqualTo(190);
    assertThat(ToyDatasets.brando2019("test").size()).isEqualTo(1900);
    assertThatThrownBy(() -> ToyDatasets.brando2019("dev")).hasMessageContaining("train, val or test");
  }

  @Test
  void trueDensityIntegratesToOne() {
    for (double x : new double[] {-2.5, -0.3, 0.0, 1.7}) {
      double sum = 0;
      double step = 1e-3;
      for (double y = -4; y < 4; y += step) {
        sum += Gustafsson2020.density(x, y) * step;
      }
      assertThat(sum).as("x = %s", x).isCloseTo(1.0, within(1e-3));
    }
  }

  @Test
  void generatorIsSeededAndFollowsTheDensity() {
    RegressionDataset a = Gustafsson2020.generate(20000, 7);
    assertThat(Gustafsson2020.generate(20000, 7)).isEqualTo(a);
    assertThat(Gustafsson2020.generate(20000, 8)).isNotEqualTo(a);
    // For x >= 0, y + 1 is lognormal(0, 0.25): its mean is exp(0.25^2 / 2).
    double sum = 0;
    int n = 0;
    int upper = 0;
    int negatives = 0;
    for (int i = 0; i < a.size(); i++) {
      float x = a.input(i)[0];
      float y = a.target(i)[0];
      if (x >= 0) {
        sum += y + 1;
        n++;
      } else if (x < -0.5) {
        negatives++;
        // 80% of the mass sits around sin(x) < 0, 20% around -sin(x) > 0.
        upper += y > 0 ? 1 : 0;
      }
    }
    assertThat(sum / n).isCloseTo(Math.exp(0.25 * 0.25 / 2), within(0.01));
    assertThat((double) upper / negatives).isCloseTo(0.2, within(0.02));
  }
}
