package dev.pullgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.PullGateConfig.PreloadedMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PullGateConfig#fromFile}: a properties file with overrides, the convention some agents
 * keep (they pass their system properties in; the engine never reads them itself).
 */
class PullGateConfigFileTest {
  @TempDir Path dir;

  @Test
  void fromFile_overridesReplaceTheFileValuesOfPullgateKeysOnly() throws IOException {
    Path file = dir.resolve("pullgate.properties");
    Files.writeString(
        file,
        "pullgate.policy=AlwaysVerify\n"
            + "pullgate.cache.maxRecords=10\n"
            + "pullgate.credentials.maxAge=30d\n"
            + "other=file\n");
    Properties overrides = new Properties();
    overrides.setProperty("pullgate.cache.maxRecords", "20");
    overrides.setProperty("pullgate.preloaded.mode", "observed");
    overrides.setProperty("java.home", "/somewhere");

    Properties merged = ConfigProperties.load(file, overrides);
    assertThat(merged.getProperty("pullgate.policy")).isEqualTo("AlwaysVerify");
    assertThat(merged.getProperty("pullgate.cache.maxRecords")).isEqualTo("20");
    assertThat(merged.getProperty("other")).isEqualTo("file");
    assertThat(merged.getProperty("java.home")).isNull();

    PullGateConfig config = PullGateConfig.fromFile(file, overrides);
    assertThat(config.cacheMaxRecords()).isEqualTo(20);
    assertThat(config.policy()).isEqualTo(VerificationPolicy.ALWAYS_VERIFY);
    assertThat(config.credentialMaxAge()).isEqualTo(Duration.ofDays(30));
    assertThat(config.preloadedMode()).isEqualTo(PreloadedMode.OBSERVED);
  }

  @Test
  void fromFile_readsUtf8() throws IOException {
    Path file = dir.resolve("pullgate.properties");
    Files.writeString(
        file,
        "# Konfiguration für Knoten\npullgate.store.path=/var/lib/pullgate-ä\n",
        StandardCharsets.UTF_8);
    assertThat(PullGateConfig.fromFile(file, new Properties()).storePath())
        .isEqualTo(Path.of("/var/lib/pullgate-ä"));
  }

  @Test
  void fromFile_badValueInTheFile_namesTheKey() throws IOException {
    Path file = dir.resolve("pullgate.properties");
    Files.writeString(file, "pullgate.store.mapSize=lots\n");
    assertThatThrownBy(() -> PullGateConfig.fromFile(file, new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pullgate.store.mapSize has an invalid value 'lots'");
  }

  @Test
  void fromFile_missingFile_namesIt() {
    Path missing = dir.resolve("absent.properties");
    assertThatThrownBy(() -> PullGateConfig.fromFile(missing, new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absent.properties")
        .hasMessageContaining("does not exist");
  }
}
