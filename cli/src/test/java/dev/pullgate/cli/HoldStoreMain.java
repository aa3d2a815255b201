package dev.pullgate.cli;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The main class of {@link HeldStore}'s child JVM: opens the store in {@code args[0]} for writing
 * as a node agent does, prints {@value #READY}, and holds it until standard input closes.
 */
public final class HoldStoreMain {
  static final String READY = "holding the store";

  private HoldStoreMain() {}

  @SuppressWarnings("try") // the open engine is the point: it holds the store's writer lock
  public static void main(String[] args) throws IOException {
    try (PullGate gate =
        PullGate.open(PullGateConfig.builder().storePath(Path.of(args[0])).build())) {
      System.out.println(READY);
      System.out.flush();
      while (System.in.read() != -1) {
        // Hold the store until the parent closes our standard input.
      }
    }
  }
}
