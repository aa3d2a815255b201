package dev.pullgate;

import dev.pullgate.image.AllowlistPattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything tunable about a {@link PullGate}: immutable, built by {@link #builder()} or read from
 * {@code pullgate.*} properties by {@link #fromProperties(Properties)}, validated as it is built
 * with messages that name the setting and the rejected value.
 *
 * <p>The property keys are the constants of this class; {@code docs/configuration.md} describes
 * each with its default and when to change it.
 */
public final class PullGateConfig {
  public static final String POLICY = "pullgate.policy";
  public static final String ALLOWLIST = "pullgate.policy.allowlist";
  public static final String MAX_SECRETS_PER_IMAGE = "pullgate.record.maxSecretsPerImage";
  public static final String CREDENTIAL_MAX_AGE = "pullgate.credentials.maxAge";
  public static final String STORE = "pullgate.store";
  public static final String STORE_PATH = "pullgate.store.path";
  public static final String STORE_MAP_SIZE = "pullgate.store.mapSize";
  public static final String STORE_MAX_MAP_SIZE = "pullgate.store.maxMapSize";
  public static final String STORE_SYNC = "pullgate.store.sync";
  public static final String STORE_MAX_READERS = "pullgate.store.maxReaders";
  public static final String CACHE_MAX_RECORDS = "pullgate.cache.maxRecords";
  public static final String CACHE_MAX_INTENTS = "pullgate.cache.maxIntents";
  public static final String CACHE_MAX_IMAGE_NAMES = "pullgate.cache.maxImageNames";
  public static final String LOCK_STRIPES = "pullgate.locks.stripes";

  /** Every key {@link #fromProperties} accepts; any other {@code pullgate.*} key is an error. */
  public static final List<String> KEYS =
      List.of(
          POLICY,
          ALLOWLIST,
          MAX_SECRETS_PER_IMAGE,
          CREDENTIAL_MAX_AGE,
          STORE,
          STORE_PATH,
          STORE_MAP_SIZE,
          STORE_MAX_MAP_SIZE,
          STORE_SYNC,
          STORE_MAX_READERS,
          CACHE_MAX_RECORDS,
          CACHE_MAX_INTENTS,
          CACHE_MAX_IMAGE_NAMES,
          LOCK_STRIPES);

  private final VerificationPolicy policy;
  private final List<AllowlistPattern> allowlist;
  private final int maxSecretsPerImage;
  private final Duration credentialMaxAge;
  private final StoreKind storeKind;
  private final Path storePath;
  private final long storeMapSize;
  private final long storeMaxMapSize;
  private final StoreSync storeSync;
  private final int storeMaxReaders;
  private final long cacheMaxRecords;
  private final long cacheMaxIntents;
  private final long cacheMaxImageNames;
  private final int lockStripes;

  PullGateConfig(PullGateConfigBuilder b) {
    this.policy = b.policy;
    this.allowlist = List.copyOf(b.allowlist);
    this.maxSecretsPerImage = b.maxSecretsPerImage;
    this.credentialMaxAge = b.credentialMaxAge;
    this.storeKind = b.storeKind;
    this.storePath = b.storePath;
    this.storeMapSize = b.storeMapSize;
    this.storeMaxMapSize = b.storeMaxMapSize;
    this.storeSync = b.storeSync;
    this.storeMaxReaders = b.storeMaxReaders;
    this.cacheMaxRecords = b.cacheMaxRecords;
    this.cacheMaxIntents = b.cacheMaxIntents;
    this.cacheMaxImageNames = b.cacheMaxImageNames;
    this.lockStripes = b.lockStripes;
  }

  /** A builder holding every default. */
  public static PullGateConfigBuilder builder() {
    return new PullGateConfigBuilder();
  }

  /** The configuration with every default (an LMDB store still needs a path). */
  public static PullGateConfig defaults() {
    return builder().build();
  }

  /**
   * The configuration that {@code pullgate.*} properties describe; keys without that prefix are
   * ignored, unknown keys with it are rejected.
   *
   * @throws IllegalArgumentException naming the key and value of the first bad setting
   */
  public static PullGateConfig fromProperties(Properties properties) {
    return ConfigProperties.read(Objects.requireNonNull(properties, "properties"));
  }

  /** A builder that starts from this configuration. */
  public PullGateConfigBuilder toBuilder() {
    return new PullGateConfigBuilder(this);
  }

  /** When an image on the node needs its pod's credentials verified ({@value #POLICY}). */
  public VerificationPolicy policy() {
    return policy;
  }

  /** The image names that need no verification under the allowlist policy ({@value #ALLOWLIST}). */
  public List<AllowlistPattern> allowlist() {
    return allowlist;
  }

  /**
   * How many secrets a decision may add to one image name's entry ({@value
   * #MAX_SECRETS_PER_IMAGE}).
   */
  public int maxSecretsPerImage() {
    return maxSecretsPerImage;
  }

  /**
   * How long matching credentials stay valid after the record last changed; zero means forever
   * ({@value #CREDENTIAL_MAX_AGE}).
   */
  public Duration credentialMaxAge() {
    return credentialMaxAge;
  }

  /** Which store {@link PullGate#open(PullGateConfig)} builds ({@value #STORE}). */
  public StoreKind storeKind() {
    return storeKind;
  }

  /** The LMDB store's directory, or null when none is set ({@value #STORE_PATH}). */
  public Path storePath() {
    return storePath;
  }

  /** The LMDB map size at open, in bytes ({@value #STORE_MAP_SIZE}). */
  public long storeMapSize() {
    return storeMapSize;
  }

  /** The size the LMDB map may grow to, in bytes ({@value #STORE_MAX_MAP_SIZE}). */
  public long storeMaxMapSize() {
    return storeMaxMapSize;
  }

  /** How the LMDB store commits ({@value #STORE_SYNC}). */
  public StoreSync storeSync() {
    return storeSync;
  }

  /** The size of LMDB's reader table ({@value #STORE_MAX_READERS}). */
  public int storeMaxReaders() {
    return storeMaxReaders;
  }

  /** How many decoded pulled records the cache holds ({@value #CACHE_MAX_RECORDS}). */
  public long cacheMaxRecords() {
    return cacheMaxRecords;
  }

  /** How many intent lookups the cache holds ({@value #CACHE_MAX_INTENTS}). */
  public long cacheMaxIntents() {
    return cacheMaxIntents;
  }

  /** How many parsed image strings the engine keeps ({@value #CACHE_MAX_IMAGE_NAMES}). */
  public long cacheMaxImageNames() {
    return cacheMaxImageNames;
  }

  /** How many locks serialise record updates, a power of two ({@value #LOCK_STRIPES}). */
  public int lockStripes() {
    return lockStripes;
  }

  @Override
  public String toString() {
    return "PullGateConfig["
        + POLICY
        + "="
        + policy.kubeletName()
        + ", "
        + ALLOWLIST
        + "="
        + allowlist
        + ", "
        + MAX_SECRETS_PER_IMAGE
        + "="
        + maxSecretsPerImage
        + ", "
        + CREDENTIAL_MAX_AGE
        + "="
        + credentialMaxAge
        + ", "
        + STORE
        + "="
        + storeKind.propertyValue()
        + ", "
        + STORE_PATH
        + "="
        + storePath
        + ", "
        + STORE_MAP_SIZE
        + "="
        + storeMapSize
        + ", "
        + STORE_MAX_MAP_SIZE
        + "="
        + storeMaxMapSize
        + ", "
        + STORE_SYNC
        + "="
        + storeSync.propertyValue()
        + ", "
        + STORE_MAX_READERS
        + "="
        + storeMaxReaders
        + ", "
        + CACHE_MAX_RECORDS
        + "="
        + cacheMaxRecords
        + ", "
        + CACHE_MAX_INTENTS
        + "="
        + cacheMaxIntents
        + ", "
        + CACHE_MAX_IMAGE_NAMES
        + "="
        + cacheMaxImageNames
        + ", "
        + LOCK_STRIPES
        + "="
        + lockStripes
        + "]";
  }
}
