package dev.pullgate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything tunable about a {@link PullGate}: immutable, built by {@link #builder()} or read from
 * {@code pullgate.*} properties by {@link #fromProperties(Properties)}, validated as it is built
 * with messages that name the property and the rejected value.
 *
 * <p>The property keys are the constants of this class; {@code docs/configuration.md} describes
 * each with its default and when to change it. Invalid values throw {@link
 * IllegalArgumentException} naming the property.
 *
 * @param policy when an image on the node needs its pod's credentials verified ({@value #POLICY})
 * @param allowlist the allowlist entries as written ({@value #ALLOWLIST})
 * @param maxSecretsPerImage how many secrets one image name's entry holds at most ({@value
 *     #MAX_SECRETS_PER_IMAGE})
 * @param credentialMaxAge how long a registry's acceptance of a credential keeps granting; zero
 *     means forever ({@value #CREDENTIAL_MAX_AGE})
 * @param hashKey the file of the key that credential hashes are kept under, or null to keep the
 *     kubelet's hashes ({@value #HASH_KEY})
 * @param preloadedMode which images count as preloaded ({@value #PRELOADED_MODE})
 * @param storeKind which store {@link PullGate#open(PullGateConfig)} builds ({@value #STORE})
 * @param storePath the LMDB store's directory, or null ({@value #STORE_PATH})
 * @param storeMapSize the LMDB map size at open, in bytes ({@value #STORE_MAP_SIZE})
 * @param storeMaxMapSize the size the LMDB map may grow to, in bytes ({@value #STORE_MAX_MAP_SIZE})
 * @param storeSync how the LMDB store commits ({@value #STORE_SYNC})
 * @param storeMaxReaders the size of LMDB's reader table ({@value #STORE_MAX_READERS})
 * @param storeVerifyInterval how often the whole store is verified in the background after the
 *     verification at open; zero for only at open ({@value #STORE_VERIFY_INTERVAL})
 * @param cacheMaxRecords how many stored records the cache holds; zero turns it off ({@value
 *     #CACHE_MAX_RECORDS})
 * @param cacheMaxIntents how many intent lookups the cache holds; zero turns it off ({@value
 *     #CACHE_MAX_INTENTS})
 * @param lockStripes how many locks serialise record updates, a power of two ({@value
 *     #LOCK_STRIPES})
 */
public record PullGateConfig(
    VerificationPolicy policy,
    List<String> allowlist,
    int maxSecretsPerImage,
    Duration credentialMaxAge,
    Path hashKey,
    PreloadedMode preloadedMode,
    StoreKind storeKind,
    Path storePath,
    long storeMapSize,
    long storeMaxMapSize,
    StoreSync storeSync,
    int storeMaxReaders,
    Duration storeVerifyInterval,
    long cacheMaxRecords,
    long cacheMaxIntents,
    int lockStripes) {
  /** The property key of {@link #policy()}. */
  public static final String POLICY = "pullgate.policy";

  /** The property key of {@link #allowlist()}. */
  public static final String ALLOWLIST = "pullgate.policy.allowlist";

  /** The property key of {@link #maxSecretsPerImage()}. */
  public static final String MAX_SECRETS_PER_IMAGE = "pullgate.record.maxSecretsPerImage";

  /** The property key of {@link #credentialMaxAge()}. */
  public static final String CREDENTIAL_MAX_AGE = "pullgate.credentials.maxAge";

  /** The property key of {@link #hashKey()}. */
  public static final String HASH_KEY = "pullgate.credentials.hashKey";

  /** The property key of {@link #preloadedMode()}. */
  public static final String PRELOADED_MODE = "pullgate.preloaded.mode";

  /** The property key of {@link #storeKind()}. */
  public static final String STORE = "pullgate.store";

  /** The property key of {@link #storePath()}. */
  public static final String STORE_PATH = "pullgate.store.path";

  /** The property key of {@link #storeMapSize()}. */
  public static final String STORE_MAP_SIZE = "pullgate.store.mapSize";

  /** The property key of {@link #storeMaxMapSize()}. */
  public static final String STORE_MAX_MAP_SIZE = "pullgate.store.maxMapSize";

  /** The property key of {@link #storeSync()}. */
  public static final String STORE_SYNC = "pullgate.store.sync";

  /** The property key of {@link #storeMaxReaders()}. */
  public static final String STORE_MAX_READERS = "pullgate.store.maxReaders";

  /** The property key of {@link #storeVerifyInterval()}. */
  public static final String STORE_VERIFY_INTERVAL = "pullgate.store.verifyInterval";

  /** The property key of {@link #cacheMaxRecords()}. */
  public static final String CACHE_MAX_RECORDS = "pullgate.cache.maxRecords";

  /** The property key of {@link #cacheMaxIntents()}. */
  public static final String CACHE_MAX_INTENTS = "pullgate.cache.maxIntents";

  /** The property key of {@link #lockStripes()}. */
  public static final String LOCK_STRIPES = "pullgate.locks.stripes";

  /**
   * Accepted so that configurations of the previous release keep loading; image strings are now
   * parsed without a cache, so its value is checked and otherwise unused.
   */
  public static final String CACHE_MAX_IMAGE_NAMES = "pullgate.cache.maxImageNames";

  /** Every key {@link #fromProperties} accepts; any other {@code pullgate.*} key is an error. */
  public static final List<String> KEYS =
      List.of(
          POLICY,
          ALLOWLIST,
          MAX_SECRETS_PER_IMAGE,
          CREDENTIAL_MAX_AGE,
          HASH_KEY,
          PRELOADED_MODE,
          STORE,
          STORE_PATH,
          STORE_MAP_SIZE,
          STORE_MAX_MAP_SIZE,
          STORE_SYNC,
          STORE_MAX_READERS,
          STORE_VERIFY_INTERVAL,
          CACHE_MAX_RECORDS,
          CACHE_MAX_INTENTS,
          CACHE_MAX_IMAGE_NAMES,
          LOCK_STRIPES);

  /** The smallest LMDB map accepted: a few pages more than an empty environment needs. */
  public static final long MIN_MAP_SIZE = 64 * 1024;

  /**
   * The largest LMDB map accepted: 16 TiB. A store's data file that records a larger map is taken
   * for damaged.
   */
  public static final long MAX_MAP_SIZE = 16L << 40;

  /**
   * Checks every setting and the ones that depend on each other.
   *
   * @param policy when an image on the node needs its pod's credentials verified
   * @param allowlist the allowlist entries as written
   * @param maxSecretsPerImage how many secrets one image name's entry holds at most
   * @param credentialMaxAge how long a registry's acceptance of a credential keeps granting; zero
   *     for ever
   * @param hashKey the file of the key that credential hashes are kept under, or null
   * @param preloadedMode which images count as preloaded
   * @param storeKind which store {@link PullGate#open(PullGateConfig)} builds
   * @param storePath the LMDB store's directory, or null
   * @param storeMapSize the LMDB map size at open, in bytes
   * @param storeMaxMapSize the size the LMDB map may grow to, in bytes
   * @param storeSync how the LMDB store commits
   * @param storeMaxReaders the size of LMDB's reader table
   * @param storeVerifyInterval how often the store is verified after the verification at open; zero
   *     for only at open
   * @param cacheMaxRecords how many stored records the cache holds; zero turns it off
   * @param cacheMaxIntents how many intent lookups the cache holds; zero turns it off
   * @param lockStripes how many locks serialise record updates, a power of two
   * @throws IllegalArgumentException naming the first bad property
   */
  public PullGateConfig {
    Objects.requireNonNull(policy, POLICY);
    allowlist = List.copyOf(Objects.requireNonNull(allowlist, ALLOWLIST));
    Objects.requireNonNull(credentialMaxAge, CREDENTIAL_MAX_AGE);
    Objects.requireNonNull(preloadedMode, PRELOADED_MODE);
    Objects.requireNonNull(storeKind, STORE);
    Objects.requireNonNull(storeSync, STORE_SYNC);
    Objects.requireNonNull(storeVerifyInterval, STORE_VERIFY_INTERVAL);
    ConfigChecks.allowlist(allowlist);
    ConfigChecks.atLeast(MAX_SECRETS_PER_IMAGE, maxSecretsPerImage, 1);
    ConfigChecks.notNegative(CREDENTIAL_MAX_AGE, credentialMaxAge);
    ConfigChecks.atLeast(STORE_MAP_SIZE, storeMapSize, MIN_MAP_SIZE);
    ConfigChecks.atLeast(STORE_MAX_MAP_SIZE, storeMaxMapSize, MIN_MAP_SIZE);
    ConfigChecks.atMost(STORE_MAX_MAP_SIZE, storeMaxMapSize, MAX_MAP_SIZE);
    ConfigChecks.atLeast(STORE_MAX_READERS, storeMaxReaders, 1);
    ConfigChecks.notNegative(STORE_VERIFY_INTERVAL, storeVerifyInterval);
    ConfigChecks.atLeast(CACHE_MAX_RECORDS, cacheMaxRecords, 0);
    ConfigChecks.atLeast(CACHE_MAX_INTENTS, cacheMaxIntents, 0);
    ConfigChecks.powerOfTwo(LOCK_STRIPES, lockStripes, 65536);
    ConfigChecks.consistent(policy, allowlist, storeMapSize, storeMaxMapSize);
  }

  /** {@return a builder holding every default} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the configuration with every default (an LMDB store still needs a path)} */
  public static PullGateConfig defaults() {
    return builder().build();
  }

  /**
   * The configuration that {@code pullgate.*} properties describe; keys without that prefix are
   * ignored, unknown keys with it are rejected.
   *
   * @param properties the settings, typically read from a file
   * @return the validated configuration
   * @throws IllegalArgumentException naming the key of the first bad setting
   */
  public static PullGateConfig fromProperties(Properties properties) {
    return ConfigProperties.read(Objects.requireNonNull(properties, "properties"));
  }

  /**
   * The configuration that the properties file {@code file} (UTF-8) describes, each {@code
   * pullgate.*} entry of {@code overrides} (typically the system properties) replacing the file's.
   *
   * @param file the properties file
   * @param overrides entries that replace the file's, or an empty set
   * @return the validated configuration
   * @throws IllegalArgumentException when the file does not exist or a setting is bad
   * @throws java.io.UncheckedIOException when it cannot be read
   */
  public static PullGateConfig fromFile(Path file, Properties overrides) {
    return fromProperties(ConfigProperties.load(file, overrides));
  }

  /** {@return a builder that starts from this configuration} */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Which record store {@link PullGate#open(PullGateConfig)} builds. */
  public enum StoreKind {
    /** The durable memory-mapped LMDB store under the Caffeine cache; needs a store path. */
    LMDB("lmdb"),
    /** Records in memory only, lost when the process ends. */
    MEMORY("memory");

    private final String propertyValue;

    StoreKind(String propertyValue) {
      this.propertyValue = propertyValue;
    }

    /** {@return the value of {@value PullGateConfig#STORE} that selects this kind} */
    public String propertyValue() {
      return propertyValue;
    }
  }

  /** How the LMDB store commits: the only two modes that never lose an acknowledged record. */
  public enum StoreSync {
    /** Synchronous commits of data and meta pages (LMDB's default). */
    DURABLE("durable"),
    /**
     * Skips the sync of the meta page ({@code MDB_NOMETASYNC}): the last commit before a system
     * crash may be undone, but the database stays intact.
     */
    NO_META_SYNC("nometasync");

    private final String propertyValue;

    StoreSync(String propertyValue) {
      this.propertyValue = propertyValue;
    }

    /** {@return the value of {@value PullGateConfig#STORE_SYNC} that selects this mode} */
    public String propertyValue() {
      return propertyValue;
    }
  }

  /** Which images on the node count as preloaded, so that the default policy trusts them. */
  public enum PreloadedMode {
    /**
     * The kubelet's rule: an image with no pulled record and no intent is preloaded, whatever name
     * a pod uses for it.
     */
    INFERRED("inferred"),
    /**
     * Only names the agent reported on the node before pulling ({@link
     * PullGate#recordPreloadedImages}) are preloaded, for their imageRef; any other image without a
     * record is treated as pulled by the node.
     */
    OBSERVED("observed");

    private final String propertyValue;

    PreloadedMode(String propertyValue) {
      this.propertyValue = propertyValue;
    }

    /** {@return the value of {@value PullGateConfig#PRELOADED_MODE} that selects this mode} */
    public String propertyValue() {
      return propertyValue;
    }
  }

  /**
   * Builds a {@link PullGateConfig}. Every setter validates its value at once and names the
   * property in its message; {@link #build()} checks the settings that depend on each other.
   */
  public static final class Builder {
    private VerificationPolicy policy = VerificationPolicy.NEVER_VERIFY_PRELOADED_IMAGES;
    private List<String> allowlist = List.of();
    private int maxSecretsPerImage = 100;
    private Duration credentialMaxAge = Duration.ZERO;
    private Path hashKey;
    private PreloadedMode preloadedMode = PreloadedMode.INFERRED;
    private StoreKind storeKind = StoreKind.LMDB;
    private Path storePath;
    private long storeMapSize = 16L * 1024 * 1024;
    private long storeMaxMapSize = 4L * 1024 * 1024 * 1024;
    private StoreSync storeSync = StoreSync.DURABLE;
    private int storeMaxReaders = 126;
    private Duration storeVerifyInterval = Duration.ofHours(24);
    private long cacheMaxRecords = 100_000;
    private long cacheMaxIntents = 10_000;
    private int lockStripes = 64;

    private Builder() {}

    private Builder(PullGateConfig c) {
      policy = c.policy;
      allowlist = c.allowlist;
      maxSecretsPerImage = c.maxSecretsPerImage;
      credentialMaxAge = c.credentialMaxAge;
      hashKey = c.hashKey;
      preloadedMode = c.preloadedMode;
      storeKind = c.storeKind;
      storePath = c.storePath;
      storeMapSize = c.storeMapSize;
      storeMaxMapSize = c.storeMaxMapSize;
      storeSync = c.storeSync;
      storeMaxReaders = c.storeMaxReaders;
      storeVerifyInterval = c.storeVerifyInterval;
      cacheMaxRecords = c.cacheMaxRecords;
      cacheMaxIntents = c.cacheMaxIntents;
      lockStripes = c.lockStripes;
    }

    /**
     * Sets {@value PullGateConfig#POLICY}.
     *
     * @param policy the verification policy
     * @return this builder
     */
    public Builder policy(VerificationPolicy policy) {
      this.policy = Objects.requireNonNull(policy, POLICY);
      return this;
    }

    /**
     * Sets {@value PullGateConfig#ALLOWLIST} from entries such as {@code registry.example/*}.
     *
     * @param entries the allowlist entries, each a full image name or a prefix ending in {@code /*}
     * @return this builder
     */
    public Builder allowlist(List<String> entries) {
      this.allowlist =
          ConfigChecks.allowlist(List.copyOf(Objects.requireNonNull(entries, ALLOWLIST)));
      return this;
    }

    /**
     * Sets {@value PullGateConfig#MAX_SECRETS_PER_IMAGE}.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxSecretsPerImage(int max) {
      this.maxSecretsPerImage = (int) ConfigChecks.atLeast(MAX_SECRETS_PER_IMAGE, max, 1);
      return this;
    }

    /**
     * Sets {@value PullGateConfig#CREDENTIAL_MAX_AGE}; zero means credentials never expire.
     *
     * @param maxAge not negative
     * @return this builder
     */
    public Builder credentialMaxAge(Duration maxAge) {
      this.credentialMaxAge = ConfigChecks.notNegative(CREDENTIAL_MAX_AGE, maxAge);
      return this;
    }

    /**
     * Sets {@value PullGateConfig#HASH_KEY}; null keeps the kubelet's hashes.
     *
     * @param keyFile the key file, or null
     * @return this builder
     */
    public Builder hashKey(Path keyFile) {
      this.hashKey = keyFile;
      return this;
    }

    /**
     * Sets {@value PullGateConfig#PRELOADED_MODE}.
     *
     * @param mode the preloaded mode
     * @return this builder
     */
    public Builder preloadedMode(PreloadedMode mode) {
      this.preloadedMode = Objects.requireNonNull(mode, PRELOADED_MODE);
      return this;
    }

    /**
     * Sets {@value PullGateConfig#STORE}.
     *
     * @param kind the store kind
     * @return this builder
     */
    public Builder storeKind(StoreKind kind) {
      this.storeKind = Objects.requireNonNull(kind, STORE);
      return this;
    }

    /**
     * Sets {@value PullGateConfig#STORE_PATH}.
     *
     * @param path the store's directory
     * @return this builder
     */
    public Builder storePath(Path path) {
      this.storePath = Objects.requireNonNull(path, STORE_PATH);
      return this;
    }

    /**
     * Sets {@value PullGateConfig#STORE_MAP_SIZE}, in bytes.
     *
     * @param bytes at least {@value PullGateConfig#MIN_MAP_SIZE}
     * @return this builder
     */
    public Builder storeMapSize(long bytes) {
      this.storeMapSize = ConfigChecks.atLeast(STORE_MAP_SIZE, bytes, MIN_MAP_SIZE);
      return this;
    }

    /**
     * Sets {@value PullGateConfig#STORE_MAX_MAP_SIZE}, in bytes.
     *
     * @param bytes at least {@value PullGateConfig#MIN_MAP_SIZE}
     * @return this builder
     */
    public Builder storeMaxMapSize(long bytes) {
      this.storeMaxMapSize =
          ConfigChecks.atMost(
              STORE_MAX_MAP_SIZE,
              ConfigChecks.atLeast(STORE_MAX_MAP_SIZE, bytes, MIN_MAP_SIZE),
              MAX_MAP_SIZE);
      return this;
    }

    /**
     * Sets {@value PullGateConfig#STORE_SYNC}.
     *
     * @param sync the commit mode
     * @return this builder
     */
    public Builder storeSync(StoreSync sync) {
      this.storeSync = Objects.requireNonNull(sync, STORE_SYNC);
      return this;
    }

    /**
     * Sets {@value PullGateConfig#STORE_MAX_READERS}.
     *
     * @param readers at least 1
     * @return this builder
     */
    public Builder storeMaxReaders(int readers) {
      this.storeMaxReaders = (int) ConfigChecks.atLeast(STORE_MAX_READERS, readers, 1);
      return this;
    }

    /**
     * Sets {@value PullGateConfig#STORE_VERIFY_INTERVAL}; zero verifies only at open.
     *
     * @param interval not negative
     * @return this builder
     */
    public Builder storeVerifyInterval(Duration interval) {
      this.storeVerifyInterval = ConfigChecks.notNegative(STORE_VERIFY_INTERVAL, interval);
      return this;
    }

    /**
     * Sets {@value PullGateConfig#CACHE_MAX_RECORDS}; zero disables record caching.
     *
     * @param max zero or more
     * @return this builder
     */
    public Builder cacheMaxRecords(long max) {
      this.cacheMaxRecords = ConfigChecks.atLeast(CACHE_MAX_RECORDS, max, 0);
      return this;
    }

    /**
     * Sets {@value PullGateConfig#CACHE_MAX_INTENTS}; zero disables intent caching.
     *
     * @param max zero or more
     * @return this builder
     */
    public Builder cacheMaxIntents(long max) {
      this.cacheMaxIntents = ConfigChecks.atLeast(CACHE_MAX_INTENTS, max, 0);
      return this;
    }

    /**
     * Sets {@value PullGateConfig#LOCK_STRIPES}, a power of two from 1 to 65536.
     *
     * @param stripes a power of two from 1 to 65536
     * @return this builder
     */
    public Builder lockStripes(int stripes) {
      this.lockStripes = ConfigChecks.powerOfTwo(LOCK_STRIPES, stripes, 65536);
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException when settings contradict each other
     */
    public PullGateConfig build() {
      return new PullGateConfig(
          policy,
          allowlist,
          maxSecretsPerImage,
          credentialMaxAge,
          hashKey,
          preloadedMode,
          storeKind,
          storePath,
          storeMapSize,
          storeMaxMapSize,
          storeSync,
          storeMaxReaders,
          storeVerifyInterval,
          cacheMaxRecords,
          cacheMaxIntents,
          lockStripes);
    }
  }
}
