package dev.pullgate.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * This module's test JVMs log quietly (src/test/resources/logging.properties): the warnings of
 * failures that tests inject on purpose do not reach the build's output.
 */
class QuietTestLoggingTest {

  @Test
  void warnings_areNotLogged_severeErrorsAre() {
    System.Logger logger = System.getLogger("dev.pullgate");

    assertThat(logger.isLoggable(System.Logger.Level.WARNING)).isFalse();
    assertThat(logger.isLoggable(System.Logger.Level.ERROR)).isTrue();
  }
}
