package dev.pullgate;

import static dev.pullgate.PullGateConfig.ALLOWLIST;
import static dev.pullgate.PullGateConfig.CACHE_MAX_IMAGE_NAMES;
import static dev.pullgate.PullGateConfig.CACHE_MAX_INTENTS;
import static dev.pullgate.PullGateConfig.CACHE_MAX_RECORDS;
import static dev.pullgate.PullGateConfig.CREDENTIAL_MAX_AGE;
import static dev.pullgate.PullGateConfig.LOCK_STRIPES;
import static dev.pullgate.PullGateConfig.MAX_SECRETS_PER_IMAGE;
import static dev.pullgate.PullGateConfig.POLICY;
import static dev.pullgate.PullGateConfig.STORE_MAP_SIZE;
import static dev.pullgate.PullGateConfig.STORE_MAX_MAP_SIZE;
import static dev.pullgate.PullGateConfig.STORE_MAX_READERS;

import dev.pullgate.image.AllowlistPattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link PullGateConfig}. Every setter validates its value at once and names the property
 * in its message; {@link #build()} checks the settings that depend on each other.
 */
public final class PullGateConfigBuilder {
  /** The smallest LMDB map accepted: a few pages more than an empty environment needs. */
  public static final long MIN_MAP_SIZE = 64 * 1024;

  VerificationPolicy policy = VerificationPolicy.NEVER_VERIFY_PRELOADED_IMAGES;
  List<AllowlistPattern> allowlist = List.of();
  int maxSecretsPerImage = 100;
  Duration credentialMaxAge = Duration.ZERO;
  StoreKind storeKind = StoreKind.LMDB;
  Path storePath;
  long storeMapSize = 16L * 1024 * 1024;
  long storeMaxMapSize = 4L * 1024 * 1024 * 1024;
  StoreSync storeSync = StoreSync.DURABLE;
  int storeMaxReaders = 126;
  long cacheMaxRecords = 100_000;
  long cacheMaxIntents = 10_000;
  long cacheMaxImageNames = 10_000;
  int lockStripes = 64;

  PullGateConfigBuilder() {}

  PullGateConfigBuilder(PullGateConfig config) {
    policy = config.policy();
    allowlist = config.allowlist();
    maxSecretsPerImage = config.maxSecretsPerImage();
    credentialMaxAge = config.credentialMaxAge();
    storeKind = config.storeKind();
    storePath = config.storePath();
    storeMapSize = config.storeMapSize();
    storeMaxMapSize = config.storeMaxMapSize();
    storeSync = config.storeSync();
    storeMaxReaders = config.storeMaxReaders();
    cacheMaxRecords = config.cacheMaxRecords();
    cacheMaxIntents = config.cacheMaxIntents();
    cacheMaxImageNames = config.cacheMaxImageNames();
    lockStripes = config.lockStripes();
  }

  /** Sets {@value PullGateConfig#POLICY}. */
  public PullGateConfigBuilder policy(VerificationPolicy policy) {
    this.policy = Objects.requireNonNull(policy, POLICY);
    return this;
  }

  /** Sets {@value PullGateConfig#ALLOWLIST} from entries such as {@code registry.example/*}. */
  public PullGateConfigBuilder allowlist(List<String> entries) {
    Objects.requireNonNull(entries, ALLOWLIST);
    List<AllowlistPattern> patterns = new ArrayList<>(entries.size());
    for (String entry : entries) {
      try {
        patterns.add(AllowlistPattern.parse(entry));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(ALLOWLIST + ": " + e.getMessage(), e);
      }
    }
    this.allowlist = List.copyOf(patterns);
    return this;
  }

  /** Sets {@value PullGateConfig#MAX_SECRETS_PER_IMAGE}. */
  public PullGateConfigBuilder maxSecretsPerImage(int max) {
    this.maxSecretsPerImage = (int) requirePositive(MAX_SECRETS_PER_IMAGE, max);
    return this;
  }

  /** Sets {@value PullGateConfig#CREDENTIAL_MAX_AGE}; zero means credentials never expire. */
  public PullGateConfigBuilder credentialMaxAge(Duration maxAge) {
    Objects.requireNonNull(maxAge, CREDENTIAL_MAX_AGE);
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException(
          CREDENTIAL_MAX_AGE + " must not be negative, was " + maxAge);
    }
    this.credentialMaxAge = maxAge;
    return this;
  }

  /** Sets {@value PullGateConfig#STORE}. */
  public PullGateConfigBuilder storeKind(StoreKind kind) {
    this.storeKind = Objects.requireNonNull(kind, PullGateConfig.STORE);
    return this;
  }

  /** Sets {@value PullGateConfig#STORE_PATH}. */
  public PullGateConfigBuilder storePath(Path path) {
    this.storePath = Objects.requireNonNull(path, PullGateConfig.STORE_PATH);
    return this;
  }

  /** Sets {@value PullGateConfig#STORE_MAP_SIZE}, in bytes. */
  public PullGateConfigBuilder storeMapSize(long bytes) {
    this.storeMapSize = requireAtLeast(STORE_MAP_SIZE, bytes, MIN_MAP_SIZE);
    return this;
  }

  /** Sets {@value PullGateConfig#STORE_MAX_MAP_SIZE}, in bytes. */
  public PullGateConfigBuilder storeMaxMapSize(long bytes) {
    this.storeMaxMapSize = requireAtLeast(STORE_MAX_MAP_SIZE, bytes, MIN_MAP_SIZE);
    return this;
  }

  /** Sets {@value PullGateConfig#STORE_SYNC}. */
  public PullGateConfigBuilder storeSync(StoreSync sync) {
    this.storeSync = Objects.requireNonNull(sync, PullGateConfig.STORE_SYNC);
    return this;
  }

  /** Sets {@value PullGateConfig#STORE_MAX_READERS}. */
  public PullGateConfigBuilder storeMaxReaders(int readers) {
    this.storeMaxReaders = (int) requirePositive(STORE_MAX_READERS, readers);
    return this;
  }

  /** Sets {@value PullGateConfig#CACHE_MAX_RECORDS}; zero disables record caching. */
  public PullGateConfigBuilder cacheMaxRecords(long max) {
    this.cacheMaxRecords = requireAtLeast(CACHE_MAX_RECORDS, max, 0);
    return this;
  }

  /** Sets {@value PullGateConfig#CACHE_MAX_INTENTS}; zero disables intent caching. */
  public PullGateConfigBuilder cacheMaxIntents(long max) {
    this.cacheMaxIntents = requireAtLeast(CACHE_MAX_INTENTS, max, 0);
    return this;
  }

  /** Sets {@value PullGateConfig#CACHE_MAX_IMAGE_NAMES}. */
  public PullGateConfigBuilder cacheMaxImageNames(long max) {
    this.cacheMaxImageNames = requirePositive(CACHE_MAX_IMAGE_NAMES, max);
    return this;
  }

  /** Sets {@value PullGateConfig#LOCK_STRIPES}, a power of two from 1 to 65536. */
  public PullGateConfigBuilder lockStripes(int stripes) {
    if (stripes < 1 || stripes > 65536 || Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException(
          LOCK_STRIPES + " must be a power of two from 1 to 65536, was " + stripes);
    }
    this.lockStripes = stripes;
    return this;
  }

  /**
   * The configuration.
   *
   * @throws IllegalArgumentException when settings contradict each other
   */
  public PullGateConfig build() {
    if (!allowlist.isEmpty() && policy != VerificationPolicy.NEVER_VERIFY_ALLOWLISTED_IMAGES) {
      throw new IllegalArgumentException(
          ALLOWLIST
              + " is only valid with "
              + POLICY
              + "="
              + VerificationPolicy.NEVER_VERIFY_ALLOWLISTED_IMAGES.kubeletName()
              + ", was used with "
              + POLICY
              + "="
              + policy.kubeletName());
    }
    if (storeMaxMapSize < storeMapSize) {
      throw new IllegalArgumentException(
          STORE_MAX_MAP_SIZE
              + " must be at least "
              + STORE_MAP_SIZE
              + " ("
              + storeMapSize
              + "), was "
              + storeMaxMapSize);
    }
    return new PullGateConfig(this);
  }

  private static long requirePositive(String key, long value) {
    return requireAtLeast(key, value, 1);
  }

  private static long requireAtLeast(String key, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(
          key + (min == 1 ? " must be positive" : " must be at least " + min) + ", was " + value);
    }
    return value;
  }
}
