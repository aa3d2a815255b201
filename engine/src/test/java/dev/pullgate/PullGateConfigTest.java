package dev.pullgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Configuration from the builder and from properties, and its eager validation. */
class PullGateConfigTest {

  @Test
  void defaults_matchTheDocumentedValues() {
    PullGateConfig config = PullGateConfig.defaults();
    assertThat(config.policy()).isEqualTo(VerificationPolicy.NEVER_VERIFY_PRELOADED_IMAGES);
    assertThat(config.allowlist()).isEmpty();
    assertThat(config.maxSecretsPerImage()).isEqualTo(100);
    assertThat(config.credentialMaxAge()).isEqualTo(Duration.ZERO);
    assertThat(config.storeSync()).isEqualTo(StoreSync.DURABLE);
    assertThat(config.lockStripes()).isEqualTo(64);
  }

  @Test
  void fromProperties_readsEveryKey() {
    Properties p = new Properties();
    p.setProperty("pullgate.policy", "NeverVerifyAllowlistedImages");
    p.setProperty("pullgate.policy.allowlist", "registry.example/*, registry.example/team/app");
    p.setProperty("pullgate.record.maxSecretsPerImage", "7");
    p.setProperty("pullgate.credentials.maxAge", "P30D");
    p.setProperty("pullgate.store", "memory");
    p.setProperty("pullgate.store.path", "/var/lib/pullgate");
    p.setProperty("pullgate.store.mapSize", "32MiB");
    p.setProperty("pullgate.store.maxMapSize", "1GiB");
    p.setProperty("pullgate.store.sync", "nometasync");
    p.setProperty("pullgate.store.maxReaders", "200");
    p.setProperty("pullgate.cache.maxRecords", "5000");
    p.setProperty("pullgate.cache.maxIntents", "0");
    p.setProperty("pullgate.cache.maxImageNames", "300");
    p.setProperty("pullgate.locks.stripes", "128");
    p.setProperty("unrelated.key", "ignored");
    PullGateConfig config = PullGateConfig.fromProperties(p);
    assertThat(config.policy()).isEqualTo(VerificationPolicy.NEVER_VERIFY_ALLOWLISTED_IMAGES);
    assertThat(config.allowlist()).hasSize(2);
    assertThat(config.maxSecretsPerImage()).isEqualTo(7);
    assertThat(config.credentialMaxAge()).isEqualTo(Duration.ofDays(30));
    assertThat(config.storeKind()).isEqualTo(StoreKind.MEMORY);
    assertThat(config.storePath()).isEqualTo(Path.of("/var/lib/pullgate"));
    assertThat(config.storeMapSize()).isEqualTo(32L << 20);
    assertThat(config.storeMaxMapSize()).isEqualTo(1L << 30);
    assertThat(config.storeSync()).isEqualTo(StoreSync.NO_META_SYNC);
    assertThat(config.storeMaxReaders()).isEqualTo(200);
    assertThat(config.cacheMaxRecords()).isEqualTo(5000);
    assertThat(config.cacheMaxIntents()).isZero();
    assertThat(config.cacheMaxImageNames()).isEqualTo(300);
    assertThat(config.lockStripes()).isEqualTo(128);
  }

  @Test
  void fromProperties_everyKnownKeyIsReadAndRoundTrips() {
    assertThat(PullGateConfig.KEYS)
        .doesNotHaveDuplicates()
        .allMatch(k -> k.startsWith("pullgate."));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "pullgate.policy|Sometimes|pullgate.policy",
        "pullgate.record.maxSecretsPerImage|-3|must be positive, was -3",
        "pullgate.record.maxSecretsPerImage|many|pullgate.record.maxSecretsPerImage",
        "pullgate.credentials.maxAge|-PT1H|must not be negative",
        "pullgate.credentials.maxAge|one hour|pullgate.credentials.maxAge",
        "pullgate.store|postgres|pullgate.store must be 'lmdb' or 'memory'",
        "pullgate.store.mapSize|12|pullgate.store.mapSize must be at least",
        "pullgate.store.mapSize|99999999999TiB|pullgate.store.mapSize",
        "pullgate.store.sync|nosync|pullgate.store.sync must be 'durable' or 'nometasync'",
        "pullgate.store.maxReaders|0|pullgate.store.maxReaders must be positive, was 0",
        "pullgate.cache.maxRecords|-1|pullgate.cache.maxRecords must be at least 0, was -1",
        "pullgate.locks.stripes|12|pullgate.locks.stripes must be a power of two",
        "pullgate.policy.allowlist|nginx|pullgate.policy.allowlist",
        "pullgate.cache.maxRecord|5|unknown configuration property pullgate.cache.maxRecord",
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
  void toBuilder_keepsEverySetting() {
    PullGateConfig config =
        PullGateConfig.builder()
            .policy(VerificationPolicy.ALWAYS_VERIFY)
            .maxSecretsPerImage(9)
            .lockStripes(8)
            .build();
    assertThat(config.toBuilder().build().toString()).isEqualTo(config.toString());
  }
}
