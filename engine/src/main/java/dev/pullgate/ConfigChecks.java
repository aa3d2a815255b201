package dev.pullgate;

import java.time.Duration;
import java.util.List;

/**
 * The checks of configuration values, shared by {@link PullGateConfig} and its builder: each throws
 * an {@link IllegalArgumentException} that names the property and the rejected value.
 */
final class ConfigChecks {
  private ConfigChecks() {}

  static long atLeast(String key, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(
          key + (min == 1 ? " must be positive" : " must be at least " + min) + ", was " + value);
    }
    return value;
  }

  static long atMost(String key, long value, long max) {
    if (value > max) {
      throw new IllegalArgumentException(key + " must be at most " + max + ", was " + value);
    }
    return value;
  }

  static Duration notNegative(String key, Duration value) {
    if (value == null) {
      throw new NullPointerException(key);
    }
    if (value.isNegative()) {
      throw new IllegalArgumentException(key + " must not be negative, was " + value);
    }
    return value;
  }

  static int powerOfTwo(String key, int value, int max) {
    if (value < 1 || value > max || Integer.bitCount(value) != 1) {
      throw new IllegalArgumentException(
          key + " must be a power of two from 1 to " + max + ", was " + value);
    }
    return value;
  }

  /** Checks that every entry parses as an allowlist pattern; returns the entries. */
  static List<String> allowlist(List<String> entries) {
    for (String entry : entries) {
      try {
        AllowlistPattern.parse(entry);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(PullGateConfig.ALLOWLIST + ": " + e.getMessage(), e);
      }
    }
    return entries;
  }

  /** The checks between settings. */
  static void consistent(
      VerificationPolicy policy, List<String> allowlist, long mapSize, long maxMapSize) {
    if (!allowlist.isEmpty() && policy != VerificationPolicy.NEVER_VERIFY_ALLOWLISTED_IMAGES) {
      throw new IllegalArgumentException(
          PullGateConfig.ALLOWLIST
              + " is only valid with "
              + PullGateConfig.POLICY
              + "="
              + VerificationPolicy.NEVER_VERIFY_ALLOWLISTED_IMAGES.kubeletName()
              + ", was used with "
              + PullGateConfig.POLICY
              + "="
              + policy.kubeletName());
    }
    if (maxMapSize < mapSize) {
      throw new IllegalArgumentException(
          PullGateConfig.STORE_MAX_MAP_SIZE
              + " must be at least "
              + PullGateConfig.STORE_MAP_SIZE
              + " ("
              + mapSize
              + "), was "
              + maxMapSize);
    }
  }
}
