package dev.pullgate;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
                + key
                + "; known properties are "
                + PullGateConfig.KEYS);
      }
    }
    PullGateConfigBuilder b = PullGateConfig.builder();
    set(properties, PullGateConfig.POLICY, VerificationPolicy::fromName, b::policy);
    set(properties, PullGateConfig.ALLOWLIST, ConfigProperties::list, b::allowlist);
    set(properties, PullGateConfig.MAX_SECRETS_PER_IMAGE, Integer::parseInt, b::maxSecretsPerImage);
    set(properties, PullGateConfig.CREDENTIAL_MAX_AGE, Duration::parse, b::credentialMaxAge);
    set(properties, PullGateConfig.STORE, StoreKind::fromPropertyValue, b::storeKind);
    set(properties, PullGateConfig.STORE_PATH, Path::of, b::storePath);
    set(properties, PullGateConfig.STORE_MAP_SIZE, ConfigProperties::bytes, b::storeMapSize);
    set(properties, PullGateConfig.STORE_MAX_MAP_SIZE, ConfigProperties::bytes, b::storeMaxMapSize);
    set(properties, PullGateConfig.STORE_SYNC, StoreSync::fromPropertyValue, b::storeSync);
    set(properties, PullGateConfig.STORE_MAX_READERS, Integer::parseInt, b::storeMaxReaders);
    set(properties, PullGateConfig.CACHE_MAX_RECORDS, Long::parseLong, b::cacheMaxRecords);
    set(properties, PullGateConfig.CACHE_MAX_INTENTS, Long::parseLong, b::cacheMaxIntents);
    set(properties, PullGateConfig.CACHE_MAX_IMAGE_NAMES, Long::parseLong, b::cacheMaxImageNames);
    set(properties, PullGateConfig.LOCK_STRIPES, Integer::parseInt, b::lockStripes);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
    }
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
    } catch (NumberFormatException
        | DateTimeParseException
        | InvalidPathException
        | ArithmeticException e) {
      throw new IllegalArgumentException(key + " has an invalid value '" + value + "'", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          key + " has an invalid value '" + value + "': " + e.getMessage(), e);
    }
    setter.accept(parsed);
  }

  private static List<String> list(String value) {
    if (value.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(value.split(",", -1)).map(String::strip).toList();
  }

  /** Parses a byte count: digits, optionally followed by KiB, MiB, GiB or TiB. */
  static long bytes(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    long unit = 1;
    String[] suffixes = {"kib", "mib", "gib", "tib"};
    for (int i = 0; i < suffixes.length; i++) {
      if (v.endsWith(suffixes[i])) {
        unit = 1L << (10 * (i + 1));
        v = v.substring(0, v.length() - 3).strip();
        break;
      }
    }
    long number = Long.parseLong(v);
    return Math.multiplyExact(number, unit);
  }
}
