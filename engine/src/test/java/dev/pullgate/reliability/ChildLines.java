package dev.pullgate.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The lines a child process prints, read as they come on a thread of their own: only complete
 * lines, so that a line the child was writing when it was killed is dropped rather than misread.
 */
final class ChildLines {
  /** What {@link #poll} returns once the child's output has ended. */
  static final String END = "\u0000end";

  private final BlockingQueue<String> live = new LinkedBlockingQueue<>();
  private final List<String> all = new ArrayList<>();
  private final Thread reader;

  ChildLines(InputStream in, String name) {
    reader = new Thread(() -> read(in), name);
    reader.setDaemon(true);
    reader.start();
  }

  /** The next line, {@link #END} when the output ended, or null after {@code millis}. */
  String poll(long millis) throws InterruptedException {
    return live.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** Every complete line, once the output has ended (waits for the reader). */
  List<String> all() throws InterruptedException {
    reader.join();
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  private void read(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            String complete = line.toString(StandardCharsets.US_ASCII);
            line.reset();
            synchronized (all) {
              all.add(complete);
            }
            live.add(complete);
          } else {
            line.write(buffer[i]);
          }
        }
      }
    } catch (IOException e) {
      // The child is gone; what it wrote completely has been kept.
    } finally {
      live.add(END);
    }
  }
}
