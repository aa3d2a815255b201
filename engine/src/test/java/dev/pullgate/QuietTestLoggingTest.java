package dev.pullgate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The engine's test JVMs log quietly (src/test/resources/logging.properties): the warnings of
 * failures that tests inject on purpose, and the damage reports of stores they damage on purpose,
 * do not reach the build's output.
 */
class QuietTestLoggingTest {

  @Test
  void warnings_areNotLogged_severeErrorsAre() {
    System.Logger logger = System.getLogger("dev.pullgate");

    assertThat(logger.isLoggable(System.Logger.Level.WARNING)).isFalse();
    assertThat(logger.isLoggable(System.Logger.Level.ERROR)).isTrue();
  }

  @Test
  void damageReportsOfTheStore_areNotLogged() {
    assertThat(System.getLogger("dev.pullgate.store").isLoggable(System.Logger.Level.ERROR))
        .isFalse();
  }
}
