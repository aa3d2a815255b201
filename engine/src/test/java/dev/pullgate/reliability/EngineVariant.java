package dev.pullgate.reliability;

import dev.pullgate.PullGateConfig;
import dev.pullgate.PullGateConfig.PreloadedMode;
import dev.pullgate.VerificationPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * The engine configurations the reliability suites run: the defaults, each verification policy,
 * credential expiry, observed preloaded images, keyed hashes, a small secret bound, and a mix of
 * them; some with the record cache off, so that decisions read records in place from the memory
 * map. Each gives the engine's configuration and the reference model's settings.
 */
enum EngineVariant {
  DEFAULT,
  NEVER_VERIFY,
  ALWAYS_VERIFY_UNCACHED,
  ALLOWLISTED,
  MAX_AGE,
  OBSERVED,
  HASH_KEY,
  SMALL_BOUND,
  MIXED_UNCACHED;

  /** The key of the variants with keyed hashes; a test key, never a secret. */
  private static final byte[] HASH_KEY_BYTES = new byte[32];

  static {
    for (int i = 0; i < HASH_KEY_BYTES.length; i++) {
      HASH_KEY_BYTES[i] = (byte) (i * 7 + 1);
    }
  }

  private boolean keyed() {
    return this == HASH_KEY || this == MIXED_UNCACHED;
  }

  private VerificationPolicy policy() {
    return switch (this) {
      case NEVER_VERIFY -> VerificationPolicy.NEVER_VERIFY;
      case ALWAYS_VERIFY_UNCACHED -> VerificationPolicy.ALWAYS_VERIFY;
      case ALLOWLISTED -> VerificationPolicy.NEVER_VERIFY_ALLOWLISTED_IMAGES;
      default -> VerificationPolicy.NEVER_VERIFY_PRELOADED_IMAGES;
    };
  }

  private Duration maxAge() {
    return switch (this) {
      case MAX_AGE -> Duration.ofHours(1);
      case MIXED_UNCACHED -> Duration.ofMinutes(30);
      default -> Duration.ZERO;
    };
  }

  private int maxSecrets() {
    return switch (this) {
      case SMALL_BOUND -> 2;
      case MIXED_UNCACHED -> 3;
      default -> 100;
    };
  }

  private boolean observed() {
    return this == OBSERVED || this == MIXED_UNCACHED;
  }

  private List<String> allowlist() {
    return this == ALLOWLISTED ? Universe.ALLOWLIST : List.of();
  }

  /**
   * The engine's configuration with its store at {@code dir}/store (and, when keyed, its key file
   * at {@code dir}/hash.key, written now).
   */
  PullGateConfig config(Path dir, long mapSize) {
    PullGateConfig.Builder builder =
        PullGateConfig.builder()
            .storePath(dir.resolve("store"))
            .storeMapSize(mapSize)
            .policy(policy())
            .allowlist(allowlist())
            .credentialMaxAge(maxAge())
            .maxSecretsPerImage(maxSecrets())
            .preloadedMode(observed() ? PreloadedMode.OBSERVED : PreloadedMode.INFERRED);
    if (this == ALWAYS_VERIFY_UNCACHED || this == MIXED_UNCACHED) {
      builder.cacheMaxRecords(0).cacheMaxIntents(0);
    }
    if (keyed()) {
      builder.hashKey(writeKey(dir.resolve("hash.key")));
    }
    return builder.build();
  }

  /** The reference model's settings for this variant. */
  ReferenceModel.Settings settings() {
    return new ReferenceModel.Settings(
        policy(),
        allowlist(),
        maxSecrets(),
        maxAge().toMillis(),
        observed(),
        keyed() ? HASH_KEY_BYTES.clone() : null);
  }

  private static Path writeKey(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, HASH_KEY_BYTES);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
