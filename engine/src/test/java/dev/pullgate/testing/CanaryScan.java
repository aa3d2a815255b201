package dev.pullgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a secret-hygiene suite saw, searched for the {@link Canary}: each text, throwable and file
 * is recorded with where it came from, and {@link #assertNoCanary()} fails naming every place that
 * holds a form of it (never quoting the canary, so the failure is readable).
 */
public final class CanaryScan {
  private final List<String> findings = new ArrayList<>();
  private int looked;

  /** Records {@code text}, seen at {@code where} (output, a message, a {@code toString()}). */
  public CanaryScan text(String where, String text) {
    looked++;
    Canary.formIn(text).ifPresent(form -> findings.add(where + ": the " + form));
    return this;
  }

  /** Records {@code value}'s {@code toString()}. */
  public CanaryScan value(String where, Object value) {
    return text(where + " toString()", String.valueOf(value));
  }

  /**
   * Records {@code thrown}: its message, {@code toString()} and printed stack trace, which holds
   * those of its causes and suppressed exceptions too.
   */
  public CanaryScan thrown(String where, Throwable thrown) {
    if (thrown == null) {
      return this;
    }
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace, true));
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      text(where + " " + t.getClass().getSimpleName() + " message", t.getMessage());
      text(
          where + " " + t.getClass().getSimpleName() + " localized message",
          t.getLocalizedMessage());
      if (t.getCause() == t) {
        break;
      }
    }
    return text(where + " stack trace", trace.toString());
  }

  /** Records the bytes of every regular file under {@code dir}, each named by its path. */
  public CanaryScan files(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
        looked++;
        Optional<String> form = Canary.formIn(Files.readAllBytes(file));
        form.ifPresent(f -> findings.add("file " + dir.relativize(file) + ": the " + f));
        text("file name " + dir.relativize(file), dir.relativize(file).toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** How many texts and files were searched. */
  public int looked() {
    return looked;
  }

  /** Fails when any text, throwable or file recorded holds a form of the canary. */
  public void assertNoCanary() {
    assertThat(findings).as("places that hold a form of the canary").isEmpty();
  }
}
