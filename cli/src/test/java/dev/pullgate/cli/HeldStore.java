package dev.pullgate.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A store held open for writing by another JVM, as a running node agent holds it: the child runs
 * {@link HoldStoreMain}, which opens the store and keeps it until its standard input closes.
 */
final class HeldStore implements AutoCloseable {
  private final Process process;

  private HeldStore(Process process) {
    this.process = process;
  }

  /** Starts the holder on {@code dir} and waits until it holds the store. */
  static HeldStore start(Path dir) throws IOException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "--add-opens",
                    "java.base/java.nio=ALL-UNNAMED",
                    "--add-opens",
                    "java.base/sun.nio.ch=ALL-UNNAMED",
                    "-cp",
                    classPath,
                    HoldStoreMain.class.getName(),
                    dir.toString()))
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.equals(HoldStoreMain.READY)) {
        return new HeldStore(process);
      }
      seen.append(line).append('\n');
    }
    process.destroyForcibly();
    throw new IllegalStateException("the store holder did not start:\n" + seen);
  }

  /** Lets the holder close the store and exit. */
  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("the store holder did not exit");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the store holder exits", e);
    }
  }
}
