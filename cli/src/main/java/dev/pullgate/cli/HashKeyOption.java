package dev.pullgate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --hash-key FILE}: the key file of a store that keeps credential hashes under a key ({@code
 * pullgate.credentials.hashKey}), for the commands that write through the engine.
 */
final class HashKeyOption {
  @Option(
      names = "--hash-key",
      paramLabel = "FILE",
      description =
          "The store's hash key file, when it keeps credential hashes under a key"
              + " (pullgate.credentials.hashKey). A store with a key refuses to open without it.")
  Path file;
}
