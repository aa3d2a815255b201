package dev.pullgate.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfTest {

  @Test
  void ranksComeUpInProportionToOneOverTheirPosition() {
    Zipf zipf = new Zipf(1_000, 1.0);
    SplittableRandom random = new SplittableRandom(42);
    int[] counts = new int[zipf.ranks()];
    int draws = 400_000;
    for (int i = 0; i < draws; i++) {
      counts[zipf.sample(random)]++;
    }
    // With exponent 1, rank 0 comes up twice as often as rank 1 and ten times as often as rank 9;
    // the harmonic number H(1000) is about 7.485, so rank 0 takes about 13.4% of the draws.
    assertThat(counts[0] / (double) draws).isBetween(0.128, 0.140);
    assertThat(counts[0] / (double) counts[1]).isBetween(1.85, 2.15);
    assertThat(counts[0] / (double) counts[9]).isBetween(8.5, 11.5);
    assertThat(counts[999]).isPositive();
  }

  @Test
  void exponentZero_isUniform() {
    Zipf zipf = new Zipf(4, 0.0);
    SplittableRandom random = new SplittableRandom(1);
    int[] counts = new int[4];
    for (int i = 0; i < 40_000; i++) {
      counts[zipf.sample(random)]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(9_500, 10_500);
    }
  }

  @Test
  void oneRank_isAlwaysDrawn() {
    Zipf zipf = new Zipf(1, 1.0);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 100; i++) {
      assertThat(zipf.sample(random)).isZero();
    }
  }

  @Test
  void badArguments_areRefused() {
    assertThatThrownBy(() -> new Zipf(0, 1.0)).hasMessage("ranks must be positive, was 0");
    assertThatThrownBy(() -> new Zipf(3, -1.0))
        .hasMessage("exponent must not be negative, was -1.0");
  }
}
