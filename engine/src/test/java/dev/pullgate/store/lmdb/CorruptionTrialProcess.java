package dev.pullgate.store.lmdb;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.error.StoreException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The child JVM of the corruption suite: runs the trials named on its command line, each {@code
 * ID=DIR}, one after another, and reports each on standard output, one line per step, so that the
 * parent knows which trial and which step a crash of this JVM ended:
 *
 * <pre>
 *  start ID
 *  phase ID open | decide | verify | repair | reopen
 *  refused ID TYPE MESSAGE          the engine's open threw a StoreException (one line)
 *  decided ID DAMAGED R1,R2,...     the decision for every probe, by reason, in probe order
 *  verified ID intact | damaged N | refused MESSAGE   then "marked" when the store is marked
 *                                                      damaged (its identity file says so)
 *  repaired ID intact|damaged [marked] moved=N failClosed=N lost=N   or: refused MESSAGE
 *  redecided ID DAMAGED R1,R2,...   the decisions after the repair
 *  threw ID PHASE TYPE MESSAGE      anything else (a failure)
 *  done ID
 * </pre>
 *
 * <p>A trial opens the engine as an agent does, with the default configuration: the store's
 * verification runs before the open returns (the scenario's store is small), decides every probe of
 * {@link CorruptionScenario}, closes, then opens the store read-only and verifies it, as {@code
 * pullgate verify} does. When it opened and is damaged, the trial repairs it as {@code pullgate
 * repair} does and decides every probe again.
 */
public final class CorruptionTrialProcess {
  private CorruptionTrialProcess() {}

  public static void main(String[] args) {
    Logger.getLogger("").setLevel(Level.OFF);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    List<CorruptionScenario.Probe> probes = CorruptionScenario.create().probes();
    for (String arg : args) {
      int split = arg.indexOf('=');
      String id = arg.substring(0, split);
      Path dir = Path.of(arg.substring(split + 1));
      out.println("start " + id);
      decide(out, id, dir, probes, "open", "decided");
      if (verify(out, id, dir)) {
        repair(out, id, dir);
        decide(out, id, dir, probes, "reopen", "redecided");
      }
      out.println("done " + id);
    }
  }

  private static void decide(
      PrintStream out,
      String id,
      Path dir,
      List<CorruptionScenario.Probe> probes,
      String phase,
      String verb) {
    out.println("phase " + id + " " + phase);
    PullGate gate;
    try {
      gate = PullGate.open(PullGateConfig.builder().storePath(dir).build());
    } catch (StoreException e) {
      out.println("refused " + id + " " + e.getClass().getSimpleName() + " " + oneLine(e));
      return;
    } catch (Throwable e) {
      out.println("threw " + id + " " + phase + " " + e.getClass().getName() + " " + oneLine(e));
      return;
    }
    out.println("phase " + id + " decide");
    try (gate) {
      StringBuilder reasons = new StringBuilder();
      for (CorruptionScenario.Probe probe : probes) {
        PullDecision decision =
            gate.mustAttemptImagePull(probe.image(), probe.imageRef(), probe.pod());
        reasons.append(reasons.isEmpty() ? "" : ",").append(decision.reason().name());
      }
      out.println(verb + " " + id + " " + gate.metrics().storeDamaged() + " " + reasons);
    } catch (Throwable e) {
      out.println("threw " + id + " decide " + e.getClass().getName() + " " + oneLine(e));
    }
  }

  /** Verifies read-only; true when the store opened and is damaged or marked so: to repair. */
  private static boolean verify(PrintStream out, String id, Path dir) {
    out.println("phase " + id + " verify");
    try (LmdbPullRecordStore store = LmdbPullRecordStore.openReadOnly(dir)) {
      LmdbPullRecordStore.Verification verification = store.verify();
      out.println(
          "verified "
              + id
              + " "
              + (verification.isIntact() ? "intact" : "damaged " + verification.damage().size())
              + (store.isKnownDamaged() ? " marked" : ""));
      return !verification.isIntact() || store.isKnownDamaged();
    } catch (StoreException e) {
      out.println("verified " + id + " refused " + oneLine(e));
    } catch (Throwable e) {
      out.println("threw " + id + " verify " + e.getClass().getName() + " " + oneLine(e));
    }
    return false;
  }

  /** Repairs the store as {@code pullgate repair} does, without accepting a loss. */
  private static void repair(PrintStream out, String id, Path dir) {
    out.println("phase " + id + " repair");
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      LmdbPullRecordStore.Repair repair = store.repair();
      out.println(
          "repaired "
              + id
              + " "
              + (repair.after().isIntact() ? "intact" : "damaged")
              + (repair.markedDamaged() ? " marked" : "")
              + " moved="
              + repair.moved()
              + " failClosed="
              + repair.failClosed()
              + " lost="
              + repair.lost());
    } catch (StoreException e) {
      out.println("repaired " + id + " refused " + oneLine(e));
    } catch (Throwable e) {
      out.println("threw " + id + " repair " + e.getClass().getName() + " " + oneLine(e));
    }
  }

  private static String oneLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    return message.replace('\n', ' ').replace('\r', ' ');
  }
}
