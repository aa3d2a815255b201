package dev.pullgate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --store DIR} option of the operator commands: the store they work on. */
final class StoreOption {
  @Option(
      names = "--store",
      paramLabel = "DIR",
      required = true,
      description = "The store's directory (the node agent's pullgate.store.path).")
  Path directory;
}
