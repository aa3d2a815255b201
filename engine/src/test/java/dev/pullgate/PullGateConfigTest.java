package dev.pullgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pullgate.PullGateConfig.PreloadedMode;
import dev.pullgate.PullGateConfig.StoreKind;
import dev.pullgate.PullGateConfig.StoreSync;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Configuration from the builder and from properties, and its eager validation. */
class PullGateConfigTest {
  private static final String SIZE_FORMS = "expected a size such as 16777216, 16MiB";
  private static final String DURATION_FORMS = "expected a duration such as 30d, 12h";

  @Test
  void defaults_matchTheDocumentedValues() {
    PullGateConfig config = PullGateConfig.defaults();
    assertThat(config.policy()).isEqualTo(VerificationPolicy.NEVER_VERIFY_PRELOADED_IMAGES);
    assertThat(config.allowlist()).isEmpty();
    assertThat(config.maxSecretsPerImage()).isEqualTo(100);
    assertThat(config.credentialMaxAge()).isEqualTo(Duration.ZERO);
    assertThat(config.hashKey()).isNull();
    assertThat(config.preloadedMode()).isEqualTo(PreloadedMode.INFERRED);
    assertThat(config.storeKind()).isEqualTo(StoreKind.LMDB);
    assertThat(config.storePath()).isNull();
    assertThat(config.storeMapSize()).isEqualTo(16L << 20);
    assertThat(config.storeMaxMapSize()).isEqualTo(4L << 30);
    assertThat(config.storeSync()).isEqualTo(StoreSync.DURABLE);
    assertThat(config.storeMaxReaders()).isEqualTo(126);
    assertThat(config.storeVerifyInterval()).isEqualTo(Duration.ofHours(24));
    assertThat(config.cacheMaxRecords()).isEqualTo(100_000);
    assertThat(config.cacheMaxIntents()).isEqualTo(10_000);
    assertThat(config.lockStripes()).isEqualTo(64);
  }

  @Test
  void fromProperties_readsEveryKey() {
    Properties p = new Properties();
    p.setProperty("pullgate.policy", "NeverVerifyAllowlistedImages");
    p.setProperty("pullgate.policy.allowlist", "registry.example/*, registry.example/team/app");
    p.setProperty("pullgate.record.maxSecretsPerImage", "7");
    p.setProperty("pullgate.credentials.maxAge", "P30D");
    p.setProperty("pullgate.credentials.hashKey", "/etc/pullgate/hash.key");
    p.setProperty("pullgate.preloaded.mode", "observed");
    p.setProperty("pullgate.store", "memory");
    p.setProperty("pullgate.store.path", "/var/lib/pullgate");
    p.setProperty("pullgate.store.mapSize", "32MiB");
    p.setProperty("pullgate.store.maxMapSize", "1GiB");
    p.setProperty("pullgate.store.sync", "nometasync");
    p.setProperty("pullgate.store.maxReaders", "200");
    p.setProperty("pullgate.store.verifyInterval", "12h");
    p.setProperty("pullgate.cache.maxRecords", "5000");
    p.setProperty("pullgate.cache.maxIntents", "0");
    p.setProperty("pullgate.cache.maxImageNames", "300");
    p.setProperty("pullgate.locks.stripes", "128");
    p.setProperty("unrelated.key", "ignored");
    assertThat(p.stringPropertyNames()).containsAll(PullGateConfig.KEYS);

    PullGateConfig config = PullGateConfig.fromProperties(p);
    assertThat(config.policy()).isEqualTo(VerificationPolicy.NEVER_VERIFY_ALLOWLISTED_IMAGES);
    assertThat(config.allowlist())
        .containsExactly("registry.example/*", "registry.example/team/app");
    assertThat(config.maxSecretsPerImage()).isEqualTo(7);
    assertThat(config.credentialMaxAge()).isEqualTo(Duration.ofDays(30));
    assertThat(config.hashKey()).isEqualTo(Path.of("/etc/pullgate/hash.key"));
    assertThat(config.preloadedMode()).isEqualTo(PreloadedMode.OBSERVED);
    assertThat(config.storeKind()).isEqualTo(StoreKind.MEMORY);
    assertThat(config.storePath()).isEqualTo(Path.of("/var/lib/pullgate"));
    assertThat(config.storeMapSize()).isEqualTo(32L << 20);
    assertThat(config.storeMaxMapSize()).isEqualTo(1L << 30);
    assertThat(config.storeSync()).isEqualTo(StoreSync.NO_META_SYNC);
    assertThat(config.storeMaxReaders()).isEqualTo(200);
    assertThat(config.storeVerifyInterval()).isEqualTo(Duration.ofHours(12));
    assertThat(config.cacheMaxRecords()).isEqualTo(5000);
    assertThat(config.cacheMaxIntents()).isZero();
    assertThat(config.lockStripes()).isEqualTo(128);
  }

  @Test
  void fromProperties_everyChoiceReadsAsItsPropertyValue() {
    for (PreloadedMode mode : PreloadedMode.values()) {
      assertThat(read("pullgate.preloaded.mode", mode.propertyValue()).preloadedMode())
          .isEqualTo(mode);
    }
    for (StoreKind kind : StoreKind.values()) {
      assertThat(read("pullgate.store", kind.propertyValue()).storeKind()).isEqualTo(kind);
    }
    for (StoreSync sync : StoreSync.values()) {
      assertThat(read("pullgate.store.sync", sync.propertyValue()).storeSync()).isEqualTo(sync);
    }
    for (VerificationPolicy policy : VerificationPolicy.values()) {
      assertThat(read("pullgate.policy", policy.kubeletName()).policy()).isEqualTo(policy);
    }
  }

  @ParameterizedTest(name = "{0} -> {1} bytes")
  @CsvSource(
      delimiter = '|',
      value = {
        "65536|65536",
        "16MB|16777216",
        "16 MiB|16777216",
        "16M|16777216",
        "16mib|16777216",
        "64KiB|65536",
        "64 kb|65536",
        "1g|1073741824",
        "1GiB|1073741824",
        "2 GB|2147483648",
        "1TiB|1099511627776",
        "131072b|131072",
        "' 16MiB '|16777216",
      })
  void fromProperties_sizeForms_areAccepted(String value, long bytes) {
    assertThat(read("pullgate.store.mapSize", value).storeMapSize()).isEqualTo(bytes);
    assertThat(read("pullgate.store.maxMapSize", value).storeMaxMapSize()).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "30d|P30D",
        "12h|PT12H",
        "15m|PT15M",
        "90s|PT90S",
        "500ms|PT0.5S",
        "0s|PT0S",
        "PT1H|PT1H",
        "P30D|P30D",
        "pt12h|PT12H",
        "P1DT12H|PT36H",
        "'  12h  '|PT12H",
      })
  void fromProperties_durationForms_areAccepted(String value, Duration duration) {
    assertThat(read("pullgate.credentials.maxAge", value).credentialMaxAge()).isEqualTo(duration);
    assertThat(read("pullgate.store.verifyInterval", value).storeVerifyInterval())
        .isEqualTo(duration);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "pullgate.policy|Sometimes|pullgate.policy has an invalid value 'Sometimes'",
        "pullgate.record.maxSecretsPerImage|-3|must be positive, was -3",
        "pullgate.record.maxSecretsPerImage|many|pullgate.record.maxSecretsPerImage has an invalid"
            + " value 'many'",
        "pullgate.credentials.maxAge|P-1D|pullgate.credentials.maxAge must not be negative",
        "pullgate.credentials.maxAge|-PT1H|" + DURATION_FORMS,
        "pullgate.credentials.maxAge|one hour|" + DURATION_FORMS,
        "pullgate.credentials.maxAge|12|" + DURATION_FORMS,
        "pullgate.credentials.maxAge|12w|" + DURATION_FORMS,
        "pullgate.credentials.maxAge|h|" + DURATION_FORMS,
        "pullgate.credentials.maxAge|P|" + DURATION_FORMS,
        "pullgate.store.verifyInterval|sometimes|pullgate.store.verifyInterval has an invalid value",
        "pullgate.store.verifyInterval|P-1D|pullgate.store.verifyInterval must not be negative",
        "pullgate.preloaded.mode|guessed|expected one of inferred, observed",
        "pullgate.store|postgres|expected one of lmdb, memory",
        "pullgate.store.mapSize|12|pullgate.store.mapSize must be at least 65536, was 12",
        "pullgate.store.mapSize|99999999999TiB|" + SIZE_FORMS,
        "pullgate.store.mapSize|16 PiB|" + SIZE_FORMS,
        "pullgate.store.mapSize|MiB|" + SIZE_FORMS,
        "pullgate.store.mapSize|1.5GiB|" + SIZE_FORMS,
        "pullgate.store.mapSize|-16MiB|pullgate.store.mapSize must be at least 65536",
        "pullgate.store.sync|nosync|expected one of durable, nometasync",
        "pullgate.store.maxReaders|0|pullgate.store.maxReaders must be positive, was 0",
        "pullgate.cache.maxRecords|-1|pullgate.cache.maxRecords must be at least 0, was -1",
        "pullgate.cache.maxImageNames|0|pullgate.cache.maxImageNames must be positive, was 0",
        "pullgate.locks.stripes|12|pullgate.locks.stripes must be a power of two",
        "pullgate.policy.allowlist|nginx|pullgate.policy.allowlist",
        "pullgate.cache.maxRecord|5|unknown configuration property 'pullgate.cache.maxRecord'",
      })
  void fromProperties_badValue_isRejectedNamingTheKey(String key, String value, String message) {
    Properties p = new Properties();
    p.setProperty(key, value);
    if (key.equals("pullgate.policy.allowlist")) {
      p.setProperty("pullgate.policy", "NeverVerifyAllowlistedImages");
    }
    assertThatThrownBy(() -> PullGateConfig.fromProperties(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  static Stream<Arguments> valuesHoldingCredentials() {
    String url = "https://user:s3cret@host";
    List<Arguments> rows = new ArrayList<>();
    for (String key : PullGateConfig.KEYS) {
      // Any string is a path, so the two path settings take the value; every other one refuses it.
      if (!key.equals(PullGateConfig.HASH_KEY) && !key.equals(PullGateConfig.STORE_PATH)) {
        rows.add(Arguments.of(key, url + "/*/x"));
      }
    }
    rows.add(Arguments.of("pullgate.policy.allowlist", url + "/app"));
    rows.add(Arguments.of("pullgate.policy.allowlist", url + "/*, registry.example/a:v1"));
    rows.add(Arguments.of("pullgate.policy.allowlist", "nginx, " + url + "/x/"));
    rows.add(Arguments.of("pullgate.store.mapSize", url + "MiB"));
    rows.add(Arguments.of("pullgate.credentials.maxAge", url + "d"));
    rows.add(Arguments.of("pullgate." + url, "1"));
    return rows.stream();
  }

  /**
   * A value or key that could hold URL userinfo never reaches a message, nor the message of any
   * cause, since operators paste those into tickets.
   */
  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("valuesHoldingCredentials")
  void fromProperties_badValueHoldingCredentials_isNeverQuoted(String key, String value) {
    Properties p = new Properties();
    p.setProperty(key, value);
    if (!key.equals("pullgate.policy")) {
      p.setProperty("pullgate.policy", "NeverVerifyAllowlistedImages");
    }
    Throwable thrown = catchThrowable(() -> PullGateConfig.fromProperties(p));
    assertThat(thrown).as("a message to check").isInstanceOf(IllegalArgumentException.class);
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
    }
  }

  static Stream<Arguments> builderRefusals() {
    String withCredentials = "https://user:s3cret@host/*/x";
    return Stream.of(
        refusal(
            b -> b.maxSecretsPerImage(0), "pullgate.record.maxSecretsPerImage must be positive"),
        refusal(
            b -> b.credentialMaxAge(Duration.ofSeconds(-1)),
            "pullgate.credentials.maxAge must not be negative, was PT-1S"),
        refusal(
            b -> b.storeVerifyInterval(Duration.ofHours(-1)),
            "pullgate.store.verifyInterval must not be negative, was PT-1H"),
        refusal(
            b -> b.storeMapSize(1024), "pullgate.store.mapSize must be at least 65536, was 1024"),
        refusal(b -> b.storeMaxReaders(0), "pullgate.store.maxReaders must be positive"),
        refusal(b -> b.cacheMaxIntents(-5), "pullgate.cache.maxIntents must be at least 0, was -5"),
        refusal(b -> b.lockStripes(131072), "pullgate.locks.stripes must be a power of two"),
        refusal(b -> b.allowlist(List.of(withCredentials)), "pullgate.policy.allowlist: "),
        refusal(b -> b.allowlist(List.of(" registry.example/* ")), "surrounding whitespace"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("builderRefusals")
  void builder_badSetting_isRejectedAtOnceNamingIt(
      Function<PullGateConfig.Builder, PullGateConfig.Builder> setting, String message) {
    Throwable thrown = catchThrowable(() -> setting.apply(PullGateConfig.builder()));
    assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    assertThat(thrown.getMessage()).doesNotContain("s3cret");
  }

  @Test
  void allowlist_withAnotherPolicy_isRejected() {
    assertThatThrownBy(
            () -> PullGateConfig.builder().allowlist(List.of("registry.example/*")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pullgate.policy.allowlist is only valid with");
  }

  @Test
  void maxMapSize_belowMapSize_isRejected() {
    assertThatThrownBy(
            () ->
                PullGateConfig.builder().storeMapSize(64L << 20).storeMaxMapSize(32L << 20).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pullgate.store.maxMapSize must be at least");
  }

  @Test
  void maxMapSize_aboveWhatADataFileMayRecord_isRejected() {
    assertThatThrownBy(() -> PullGateConfig.builder().storeMaxMapSize(32L << 40))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pullgate.store.maxMapSize must be at most 17592186044416, was 35184372088832");
    Properties p = new Properties();
    p.setProperty(PullGateConfig.STORE_MAX_MAP_SIZE, "17TiB");
    assertThatThrownBy(() -> PullGateConfig.fromProperties(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pullgate.store.maxMapSize must be at most");
  }

  @Test
  void toBuilder_keepsEverySetting() {
    PullGateConfig config =
        PullGateConfig.builder()
            .policy(VerificationPolicy.NEVER_VERIFY_ALLOWLISTED_IMAGES)
            .allowlist(List.of("registry.example/*"))
            .maxSecretsPerImage(9)
            .credentialMaxAge(Duration.ofDays(3))
            .hashKey(Path.of("/etc/pullgate/hash.key"))
            .preloadedMode(PreloadedMode.OBSERVED)
            .storeKind(StoreKind.MEMORY)
            .storePath(Path.of("/var/lib/pullgate"))
            .storeMapSize(1L << 20)
            .storeMaxMapSize(1L << 30)
            .storeSync(StoreSync.NO_META_SYNC)
            .storeMaxReaders(7)
            .storeVerifyInterval(Duration.ofHours(6))
            .cacheMaxRecords(11)
            .cacheMaxIntents(12)
            .lockStripes(8)
            .build();
    assertThat(config.toBuilder().build()).isEqualTo(config);
    assertThat(config).isNotEqualTo(PullGateConfig.defaults());
  }

  private static PullGateConfig read(String key, String value) {
    Properties p = new Properties();
    p.setProperty(key, value);
    if (key.equals(PullGateConfig.STORE_MAP_SIZE)) {
      p.setProperty(PullGateConfig.STORE_MAX_MAP_SIZE, "1TiB");
    } else if (key.equals(PullGateConfig.STORE_MAX_MAP_SIZE)) {
      p.setProperty(PullGateConfig.STORE_MAP_SIZE, "64KiB");
    }
    return PullGateConfig.fromProperties(p);
  }

  private static Arguments refusal(
      Function<PullGateConfig.Builder, PullGateConfig.Builder> setting, String message) {
    return Arguments.of(setting, message);
  }
}
