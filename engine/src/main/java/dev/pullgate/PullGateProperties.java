package dev.pullgate;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * Reads {@code pullgate.*} settings from a properties file, overridden by the caller's {@code
 * pullgate.*} overrides (typically its system properties), for agents that keep that convention.
 */
public final class PullGateProperties {
  private static final String PREFIX = "pullgate.";

  private PullGateProperties() {}

  /**
   * The properties of {@code file} (UTF-8), with every {@code pullgate.*} entry of {@code
   * overrides} replacing the file's value.
   *
   * @throws IllegalArgumentException when the file does not exist
   * @throws UncheckedIOException when it cannot be read
   */
  public static Properties load(Path file, Properties overrides) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(overrides, "overrides");
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

  /** The configuration that {@code file}, overridden by {@code overrides}, describes. */
  public static PullGateConfig config(Path file, Properties overrides) {
    return PullGateConfig.fromProperties(load(file, overrides));
  }
}
