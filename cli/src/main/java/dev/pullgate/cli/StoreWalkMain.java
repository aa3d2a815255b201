package dev.pullgate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.error.StoreException;
import dev.pullgate.error.StoreLockedException;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The child JVM of {@link StoreWalk}: walks one store and prints one JSON report ({@link WalkJson})
 * on standard output, then exits 0. Anything else it does (a crash in LMDB's native code, another
 * exit) tells its parent that the walk could not finish.
 *
 * <pre>
 *  verify DIR                       opens the store read-only and verifies it
 *  repair DIR [dry-run|accept-loss] repairs it under the writer lock; a dry run opens it read-only
 * </pre>
 */
public final class StoreWalkMain {
  private StoreWalkMain() {}

  public static void main(String[] args) {
    Logger.getLogger("").setLevel(Level.SEVERE);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: verify DIR | repair DIR [dry-run|accept-loss]");
      System.exit(ExitCodes.INVALID);
    }
    out.println(RecordJson.print(walk(args[0], Path.of(args[1]), args.length == 3 ? args[2] : "")));
    System.exit(ExitCodes.OK);
  }

  private static ObjectNode walk(String mode, Path dir, String option) {
    try {
      return switch (mode) {
        case "verify" -> {
          try (LmdbPullRecordStore store = LmdbPullRecordStore.openReadOnly(dir)) {
            yield WalkJson.verified(store.verify());
          }
        }
        case "repair" -> WalkJson.repaired(repair(dir, option));
        default -> throw new IllegalArgumentException("unknown walk " + mode);
      };
    } catch (StoreLockedException e) {
      return WalkJson.locked(e.getMessage());
    } catch (StoreDamagedException e) {
      return WalkJson.refused(true, e.getMessage());
    } catch (StoreException e) {
      return WalkJson.refused(false, e.getMessage());
    } catch (RuntimeException | Error e) {
      return WalkJson.failed(e);
    }
  }

  /**
   * Repairs the existing store at {@code dir}: a read-only open first refuses a directory that
   * holds none (a writable open would create one).
   */
  private static LmdbPullRecordStore.Repair repair(Path dir, String option) {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.openReadOnly(dir)) {
      if (option.equals("dry-run")) {
        return store.planRepair();
      }
    }
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      return store.repair(option.equals("accept-loss"));
    }
  }
}
