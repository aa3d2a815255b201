package dev.pullgate.cli;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pullgate rekey --store DIR --hash-key FILE}: converts a store that keeps the kubelet's
 * credential hashes to keep them under the key in FILE ({@code pullgate.credentials.hashKey}), with
 * {@link PullGate#rekey}.
 */
@Command(
    name = "rekey",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Converts a store to keep its credential hashes under a key.",
      "Replaces every kubelet credential hash in the store by HMAC-SHA-256(key, hash) with the"
          + " 32-byte key in FILE, and records an identifier of the key (never the key), in one"
          + " durable commit. FILE is created (0600, from a secure random source) when it does not"
          + " exist. Afterwards the agent must run with pullgate.credentials.hashKey set to FILE.",
      "A store already under the key in FILE is left as it is (exit 0). A store under another key"
          + " cannot be converted: its hashes cannot be turned back into the kubelet's (exit 2).",
      "Writes the store, so it takes the store's writer lock: it refuses to run while a node agent"
          + " holds the store."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the store keeps its hashes under the key in FILE (converted now, or already)",
      "2:bad command line, no readable store at DIR, a key file that is unreadable, not 32"
          + " bytes or readable by others, or a store under another key; nothing was changed",
      ExitCodes.HELP_INTERNAL,
      ExitCodes.HELP_STORE_LOCKED
    })
final class RekeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOption store;

  @Option(
      names = "--hash-key",
      paramLabel = "FILE",
      required = true,
      description = "The key file: 32 bytes, readable by its owner only; created when absent.")
  Path hashKey;

  @Override
  public Integer call() {
    return OperatorRun.run(spec, this::run);
  }

  private int run(PrintWriter out, PrintWriter err) {
    Optional<String> keyId;
    try (LmdbPullRecordStore opened = StoreAccess.openReadOnly(store.directory)) {
      keyId = opened.hashKeyId();
    }
    PullGateConfig config =
        PullGateConfig.builder().storePath(store.directory).hashKey(hashKey).build();
    if (keyId.isPresent()) {
      if (!Files.exists(hashKey)) {
        throw new CommandFailure(
            ExitCodes.INVALID,
            store.directory
                + " keeps its credential hashes under a key already, and "
                + hashKey
                + " does not exist, so it cannot hold that key; nothing was changed");
      }
      // Opening an engine succeeds only when FILE holds the very key the store was written with.
      StoreAccess.writing(() -> PullGate.open(config)).close();
      out.println(
          store.directory
              + " already keeps its credential hashes under the key in "
              + hashKey
              + "; nothing was changed.");
      return ExitCodes.OK;
    }
    boolean created = !Files.exists(hashKey);
    int records = StoreAccess.writing(() -> PullGate.rekey(config));
    out.println(
        "Rekeyed "
            + RecordText.counted(records, "pulled record")
            + " of "
            + store.directory
            + ": credential hashes are now kept under the key in "
            + hashKey
            + (created ? " (a new key, created now)" : "")
            + ". Run the agent with "
            + PullGateConfig.HASH_KEY
            + "="
            + hashKey
            + ".");
    return ExitCodes.OK;
  }
}
