package dev.pullgate.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pullgate.image.ImageName;
import dev.pullgate.testing.FuzzCorpus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fuzz target of the trace parser: any bytes as a trace file, split into lines as {@link
 * TraceFile} splits them and parsed by {@link TraceParser}. The only exception is the documented
 * {@link TraceFormatException}, naming a line that exists, in printable ASCII, with no cause; a
 * trace that parses has a configuration and no more ops than lines, each on a line of the file.
 *
 * <p>No message quotes what may be a credential: every {@code @} in a message (the end of a {@code
 * user:password@} part) lies inside a value that {@link ImageName#describe} would quote (or is the
 * grammar's own {@code '@'}), and when {@link CredentialCanaries} puts canaries where the input's
 * credentials were, neither the message nor the parsed trace shows one.
 *
 * <p>{@code mvn verify} replays the seed corpus in {@code TraceParserFuzzTestInputs} (scenario
 * traces, malformed and misplaced-credential lines, and what fuzzing found); {@code JAZZER_FUZZ=1
 * mvn test -Dtest=TraceParserFuzzTest#parse_anyBytes_parsesOrRefusesAsDocumented} fuzzes.
 */
class TraceParserFuzzTest {
  private static final String TARGET = "parse_anyBytes_parsesOrRefusesAsDocumented";

  @FuzzTest
  void parse_anyBytes_parsesOrRefusesAsDocumented(byte[] file) {
    List<String> lines = check(file);
    if (lines != null
        && !new String(file, StandardCharsets.UTF_8).contains(CredentialCanaries.STEM)) {
      checkCanariesStayHidden(lines);
    }
  }

  /** Every seed widened to 1 MiB three ways; the timeout only guards against a hang. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void parse_oneMebibyteTraces_parseOrRefuseAsDocumented() {
    int n = FuzzCorpus.MEBIBYTE;
    for (byte[] seed : FuzzCorpus.seeds(TraceParserFuzzTest.class, TARGET)) {
      for (byte[] file :
          List.of(
              FuzzCorpus.repeated(seed, n),
              FuzzCorpus.widenedAt(seed, seed.length / 2, n),
              FuzzCorpus.widenedAt(seed, Math.max(0, seed.length - 3), n))) {
        check(file);
      }
    }
  }

  /** Checks what the parser makes of {@code file}; returns its lines, or null if it has none. */
  private static List<String> check(byte[] file) {
    List<String> lines;
    try {
      lines = TraceFile.lines(file);
    } catch (TraceFormatException e) {
      checkRefusal(e, Integer.MAX_VALUE);
      return null;
    }
    try {
      Trace trace = TraceParser.parse(lines);
      assertThat(trace.config()).isNotNull();
      assertThat(trace.ops()).hasSizeLessThanOrEqualTo(lines.size());
      for (TraceOp op : trace.ops()) {
        assertThat(op.line()).isBetween(1, lines.size());
      }
    } catch (TraceFormatException e) {
      checkRefusal(e, lines.size());
    }
    return lines;
  }

  private static void checkRefusal(TraceFormatException e, int lines) {
    assertThat(e.line()).isBetween(0, lines);
    assertThat(e.getMessage())
        .startsWith("line " + e.line() + ": ")
        .matches("[\\x20-\\x7e]+")
        .hasSizeLessThan(1_000);
    assertThat(e.getCause()).isNull();
    String message = e.getMessage();
    for (int at = message.indexOf('@'); at >= 0; at = message.indexOf('@', at + 1)) {
      assertThat(isInsideQuotableValue(message, at))
          .as("the '@' at index %d lies in a value describe() quotes: %s", at, message)
          .isTrue();
    }
  }

  /** Whether index {@code at} of {@code message} lies in a {@code 'value'} describe() quotes. */
  private static boolean isInsideQuotableValue(String message, int at) {
    for (int open = message.lastIndexOf('\'', at); open >= 0; ) {
      for (int close = message.indexOf('\'', at); close >= 0; ) {
        String quoted = message.substring(open, close + 1);
        // The reference grammar's own messages name the character: "only '@' and a digest…".
        if (quoted.equals("'@'")
            || ImageName.describe(quoted.substring(1, quoted.length() - 1)).equals(quoted)) {
          return true;
        }
        close = message.indexOf('\'', close + 1);
      }
      open = open == 0 ? -1 : message.lastIndexOf('\'', open - 1);
    }
    return false;
  }

  /** The trace again with canaries for its credentials: no message or parsed op shows one. */
  private static void checkCanariesStayHidden(List<String> lines) {
    List<String> canaried = new ArrayList<>(lines.size());
    boolean changed = false;
    for (String line : lines) {
      String rewritten = CredentialCanaries.rewrite(line);
      changed |= !rewritten.equals(line);
      canaried.add(rewritten);
    }
    if (!changed) {
      return;
    }
    try {
      assertThat(TraceParser.parse(canaried).toString()).doesNotContain(CredentialCanaries.STEM);
    } catch (TraceFormatException e) {
      assertThat(e.getMessage()).doesNotContain(CredentialCanaries.STEM);
    }
  }
}
