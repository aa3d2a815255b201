package dev.pullgate.cli.trace;

/**
 * How a replay ended: how many checks and expectations held and how many did not.
 *
 * @param passed the lines that printed {@code ok}
 * @param failed the lines that printed {@code FAILED}
 */
public record ReplayResult(int passed, int failed) {

  /** The closing line of a replay's output: {@code N passed, M failed}. */
  public String closingLine() {
    return passed + " passed, " + failed + " failed";
  }

  /** Whether nothing failed. */
  public boolean succeeded() {
    return failed == 0;
  }
}
