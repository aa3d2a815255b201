package dev.pullgate.bench.harness;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks {@code 0 … n-1} with Zipf's law: rank {@code k} comes up in proportion to {@code
 * 1/(k+1)^exponent}, so that a few images are used by most pods and a long tail rarely. A table of
 * the cumulative distribution, searched by bisection: {@code 8n} bytes and {@code O(log n)} per
 * draw, which the harness pays between timed decisions.
 */
final class Zipf {
  private final double[] cumulative;

  /**
   * The law over {@code n} ranks.
   *
   * @throws IllegalArgumentException when {@code n} is not positive or {@code exponent} is negative
   */
  Zipf(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("ranks must be positive, was " + n);
    }
    if (!(exponent >= 0)) {
      throw new IllegalArgumentException("exponent must not be negative, was " + exponent);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += Math.pow(k + 1, -exponent);
      cumulative[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cumulative[k] /= sum;
    }
    cumulative[n - 1] = 1.0;
  }

  /** How many ranks there are. */
  int ranks() {
    return cumulative.length;
  }

  /** A rank drawn from {@code random}. */
  int sample(SplittableRandom random) {
    int found = Arrays.binarySearch(cumulative, random.nextDouble());
    int rank = found >= 0 ? found : -found - 1;
    return Math.min(rank, cumulative.length - 1);
  }
}
