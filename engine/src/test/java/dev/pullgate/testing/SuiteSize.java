package dev.pullgate.testing;

import java.util.Locale;

/**
 * How long the reliability suites run: {@link #DEFAULT} in every build, {@link #SOAK} under {@code
 * mvn -B verify -Psoak}. The build passes the choice as the system property {@value #PROPERTY}; a
 * test run from an IDE, without it, is a default run.
 */
public enum SuiteSize {
  /** The short run of every build, bounded so the whole suite stays well under 15 minutes. */
  DEFAULT,
  /** The long run of the {@code soak} profile. */
  SOAK;

  /** The system property the build sets: {@code default} or {@code soak}. */
  public static final String PROPERTY = "pullgate.suite.size";

  /**
   * The size this run was asked for.
   *
   * @throws IllegalStateException when the property holds anything else, so a typo never silently
   *     runs the short suite in place of the soak
   */
  public static SuiteSize current() {
    String value = System.getProperty(PROPERTY, "default").trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "default", "" -> DEFAULT;
      case "soak" -> SOAK;
      default ->
          throw new IllegalStateException(
              PROPERTY + " must be default or soak, was '" + value + "'");
    };
  }

  /** {@code inDefault} in a default run, {@code inSoak} in a soak run. */
  public static long pick(long inDefault, long inSoak) {
    return current() == SOAK ? inSoak : inDefault;
  }

  /** {@code inDefault} in a default run, {@code inSoak} in a soak run. */
  public static int pick(int inDefault, int inSoak) {
    return current() == SOAK ? inSoak : inDefault;
  }
}
