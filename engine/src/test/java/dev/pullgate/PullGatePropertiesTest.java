package dev.pullgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A properties file with overrides, the convention some agents keep. */
class PullGatePropertiesTest {
  @TempDir Path dir;

  @Test
  void load_overridesReplaceTheFileValuesOfPullgateKeysOnly() throws IOException {
    Path file = dir.resolve("pullgate.properties");
    Files.writeString(
        file, "pullgate.policy=AlwaysVerify\npullgate.cache.maxRecords=10\nother=file\n");
    Properties overrides = new Properties();
    overrides.setProperty("pullgate.cache.maxRecords", "20");
    overrides.setProperty("java.home", "/somewhere");
    Properties merged = PullGateProperties.load(file, overrides);
    assertThat(merged.getProperty("pullgate.policy")).isEqualTo("AlwaysVerify");
    assertThat(merged.getProperty("pullgate.cache.maxRecords")).isEqualTo("20");
    assertThat(merged.getProperty("other")).isEqualTo("file");
    assertThat(merged.getProperty("java.home")).isNull();
    PullGateConfig config = PullGateProperties.config(file, overrides);
    assertThat(config.cacheMaxRecords()).isEqualTo(20);
    assertThat(config.policy()).isEqualTo(VerificationPolicy.ALWAYS_VERIFY);
  }

  @Test
  void load_missingFile_namesIt() {
    Path missing = dir.resolve("absent.properties");
    assertThatThrownBy(() -> PullGateProperties.load(missing, new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absent.properties");
  }
}
