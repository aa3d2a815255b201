package dev.pullgate;

import dev.pullgate.image.ImageName;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;

/** Reads a {@link PullGateConfig} from {@code pullgate.*} properties. */
final class ConfigProperties {
  private static final String PREFIX = "pullgate.";

  private ConfigProperties() {}

  static PullGateConfig read(Properties properties) {
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith(PREFIX) && !PullGateConfig.KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown configuration property "
                + ImageName.describe(key)
                + "; known properties are "
                + PullGateConfig.KEYS);
      }
    }
    PullGateConfig.Builder b = PullGateConfig.builder();
    set(properties, PullGateConfig.POLICY, VerificationPolicy::fromName, b::policy);
    set(properties, PullGateConfig.ALLOWLIST, ConfigProperties::list, b::allowlist);
    set(properties, PullGateConfig.MAX_SECRETS_PER_IMAGE, Integer::parseInt, b::maxSecretsPerImage);
    set(properties, PullGateConfig.CREDENTIAL_MAX_AGE, ConfigValues::duration, b::credentialMaxAge);
    set(properties, PullGateConfig.HASH_KEY, Path::of, b::hashKey);
    set(
        properties,
        PullGateConfig.PRELOADED_MODE,
        v -> ConfigValues.choice(v, PullGateConfig.PreloadedMode.values(), m -> m.propertyValue()),
        b::preloadedMode);
    set(
        properties,
        PullGateConfig.STORE,
        v -> ConfigValues.choice(v, PullGateConfig.StoreKind.values(), k -> k.propertyValue()),
        b::storeKind);
    set(properties, PullGateConfig.STORE_PATH, Path::of, b::storePath);
    set(properties, PullGateConfig.STORE_MAP_SIZE, ConfigValues::bytes, b::storeMapSize);
    set(properties, PullGateConfig.STORE_MAX_MAP_SIZE, ConfigValues::bytes, b::storeMaxMapSize);
    set(
        properties,
        PullGateConfig.STORE_SYNC,
        v -> ConfigValues.choice(v, PullGateConfig.StoreSync.values(), s -> s.propertyValue()),
        b::storeSync);
    set(properties, PullGateConfig.STORE_MAX_READERS, Integer::parseInt, b::storeMaxReaders);
    set(
        properties,
        PullGateConfig.STORE_VERIFY_INTERVAL,
        ConfigValues::duration,
        b::storeVerifyInterval);
    set(properties, PullGateConfig.CACHE_MAX_RECORDS, Long::parseLong, b::cacheMaxRecords);
    set(properties, PullGateConfig.CACHE_MAX_INTENTS, Long::parseLong, b::cacheMaxIntents);
    set(
        properties,
        PullGateConfig.CACHE_MAX_IMAGE_NAMES,
        Long::parseLong,
        max -> ConfigChecks.atLeast(PullGateConfig.CACHE_MAX_IMAGE_NAMES, max, 1));
    set(properties, PullGateConfig.LOCK_STRIPES, Integer::parseInt, b::lockStripes);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
    }
  }

  /**
   * The properties of {@code file} (UTF-8), with every {@code pullgate.*} entry of {@code
   * overrides} replacing the file's value.
   */
  static Properties load(Path file, Properties overrides) {
    Properties merged = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      merged.load(reader);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("configuration file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration file " + file, e);
    }
    for (String key : overrides.stringPropertyNames()) {
      if (key.startsWith(PREFIX)) {
        merged.setProperty(key, overrides.getProperty(key));
      }
    }
    return merged;
  }

  private static <T> void set(
      Properties properties, String key, Function<String, T> parse, Consumer<T> setter) {
    String raw = properties.getProperty(key);
    if (raw == null) {
      return;
    }
    String value = raw.strip();
    T parsed;
    try {
      parsed = parse.apply(value);
    } catch (NumberFormatException | InvalidPathException e) {
      // Not chained: the JDK's messages quote the whole value, which may hold a credential.
      throw new IllegalArgumentException(
          key
              + " has an invalid value "
              + ImageName.describe(value)
              + (e instanceof NumberFormatException ? ": expected a whole number" : ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          key + " has an invalid value " + ImageName.describe(value) + ": " + e.getMessage(), e);
    }
    setter.accept(parsed);
  }

  private static List<String> list(String value) {
    if (value.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(value.split(",", -1)).map(String::strip).toList();
  }
}
