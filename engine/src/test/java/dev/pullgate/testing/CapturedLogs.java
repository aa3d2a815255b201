package dev.pullgate.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log record of Pullgate's loggers while it is open, with those loggers at the most verbose
 * level ({@link Level#ALL}): the engine logs through {@link System.Logger}, which the JDK backs
 * with {@code java.util.logging}. Closing it restores the level and removes the handler.
 */
public final class CapturedLogs implements AutoCloseable {
  private static final String PULLGATE = "dev.pullgate";

  // A strong reference: java.util.logging forgets the level of a logger nobody holds.
  private final Logger logger = Logger.getLogger(PULLGATE);
  private final Level level;
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          synchronized (records) {
            records.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private CapturedLogs() {
    level = logger.getLevel();
    handler.setLevel(Level.ALL);
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  /** Starts capturing every record of the {@code dev.pullgate} loggers, at every level. */
  public static CapturedLogs atAllLevels() {
    return new CapturedLogs();
  }

  /** The records so far. */
  public List<LogRecord> records() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  /**
   * Records every log record so far in {@code scan}: its logger, level, message pattern, each
   * parameter, the message as formatted, and what it was thrown with.
   */
  public void scanInto(CanaryScan scan) {
    for (LogRecord record : records()) {
      String where = "log record of " + record.getLoggerName() + " at " + record.getLevel();
      Object[] parameters = record.getParameters() == null ? new Object[0] : record.getParameters();
      scan.text(where + " message", record.getMessage());
      scan.text(where + " parameters", Arrays.deepToString(parameters));
      scan.text(where + " formatted", format(record));
      scan.thrown(where + " thrown", record.getThrown());
    }
  }

  /** The record as a log file would show it, stack trace included. */
  static String format(LogRecord record) {
    String message = record.getMessage();
    if (message != null && record.getParameters() != null) {
      try {
        message = MessageFormat.format(message, record.getParameters());
      } catch (IllegalArgumentException e) {
        message = message + " " + Arrays.deepToString(record.getParameters());
      }
    }
    StringWriter out = new StringWriter();
    out.append(String.valueOf(record.getLevel())).append(' ').append(message);
    if (record.getThrown() != null) {
      out.append('\n');
      record.getThrown().printStackTrace(new PrintWriter(out, true));
    }
    return out.toString();
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setLevel(level);
  }
}
