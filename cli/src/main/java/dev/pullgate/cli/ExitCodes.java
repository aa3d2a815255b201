package dev.pullgate.cli;

/** The exit statuses of every {@code pullgate} command. */
final class ExitCodes {
  /** Everything ran and nothing failed. */
  static final int OK = 0;

  /** Something ran and at least one check or expectation failed. */
  static final int FAILED = 1;

  /**
   * The command could not do its work because of its input or its environment: a bad command line,
   * an unreadable or malformed input, an engine that could not be opened, or a store or directory
   * that could not be written (a full disk, a permission; the reason is given).
   */
  static final int INVALID = 2;

  /** An unexpected internal error: a bug in pullgate. */
  static final int INTERNAL = 3;

  /** {@code get}: the store holds no such record or intent. */
  static final int NOT_FOUND = 4;

  /** A command that writes the store found it held by another writer, such as a running agent. */
  static final int STORE_LOCKED = 5;

  /** {@code import-kubelet}: everything readable was imported, but some files were skipped. */
  static final int SKIPPED = 6;

  /** Help lines for the codes above, for each command's {@code exitCodeList}. */
  static final String HELP_OK = "0:nothing failed";

  static final String HELP_FAILED = "1:a check or expectation failed";
  static final String HELP_INVALID =
      "2:bad command line, unreadable or malformed input, the engine could not be opened, or"
          + " the output could not be written";
  static final String HELP_INTERNAL = "3:internal error (a bug in pullgate; please report it)";
  static final String HELP_NOT_FOUND = "4:no such record or intent in the store";
  static final String HELP_STORE_LOCKED =
      "5:the store is held by another writer (a running node agent); nothing was changed";
  static final String HELP_SKIPPED = "6:imported what it could, but skipped some files (listed)";

  private ExitCodes() {}
}
