package dev.pullgate.cli.trace;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.bench.simulate.PullGateOpener;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.record.PulledRecord;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Runs a parsed {@link Trace} against a real {@link PullGate} and prints one line per {@code
 * check}, {@code forget}, {@code expectRecord} and {@code expectIntent}: the line number, the op,
 * what the engine decided, removed or holds, and {@code ok} or {@code FAILED (expected …)}.
 *
 * <p>A record call ({@code intent}, {@code pulled}, {@code failed}, {@code preloaded}, {@code
 * forget}), a {@code prune} or the reconciliation after a {@code restart} that throws prints an
 * {@code error:} line that counts as failed: the trace format has no way to expect an error, so one
 * is always a surprise. The engine's messages never hold credentials, and the trace's credentials
 * are hashes by now anyway.
 *
 * <p>A decision hands what it teaches a record (new coordinates, a rotated hash) to a background
 * merge; after each {@code check} replay waits until that merge is applied ({@link
 * PullGate#flush}), so that every later line sees it, as it would on a node where pod starts are
 * far apart.
 */
public final class Replayer {
  private final Trace trace;
  private final PullGateOpener opener;
  private final PrintWriter out;
  private final TraceClock clock = new TraceClock();
  private PullGate gate;
  private int passed;
  private int failed;

  private Replayer(Trace trace, PullGateOpener opener, PrintWriter out) {
    this.trace = trace;
    this.opener = opener;
    this.out = out;
  }

  /**
   * Replays {@code trace} over the engines {@code opener} opens, once at the start and again at
   * each {@code restart}, printing a line per finding to {@code out} (the closing line is the
   * caller's to print).
   *
   * @throws IllegalArgumentException when the trace asks for keyed hashes and no key file was given
   *     ({@link Trace#withHashKey})
   * @throws EngineOpenException when the engine cannot be opened, at the start or at a restart
   */
  public static ReplayResult replay(Trace trace, PullGateOpener opener, PrintWriter out)
      throws EngineOpenException {
    if (trace.keyedHashes() && trace.config().hashKey() == null) {
      throw new IllegalArgumentException(
          "the trace asks for keyed hashes, but no key file was given (Trace.withHashKey)");
    }
    return new Replayer(trace, opener, out).run();
  }

  private ReplayResult run() throws EngineOpenException {
    gate = open(0);
    try {
      for (TraceOp op : trace.ops()) {
        apply(op);
      }
    } finally {
      closeGate(0, "end");
    }
    return new ReplayResult(passed, failed);
  }

  private void apply(TraceOp op) throws EngineOpenException {
    if (op instanceof TraceOp.Clock c) {
      if (c.now() != null) {
        clock.set(c.now());
      } else {
        clock.advance(c.advance());
      }
    } else if (op instanceof TraceOp.Intent i) {
      call(op, () -> gate.recordPullIntent(i.image()));
    } else if (op instanceof TraceOp.Pulled p) {
      call(op, () -> gate.recordImagePulled(p.image(), p.imageRef(), p.credentials()));
    } else if (op instanceof TraceOp.Failed f) {
      call(op, () -> gate.recordImagePullFailed(f.image()));
    } else if (op instanceof TraceOp.Check c) {
      check(c);
    } else if (op instanceof TraceOp.Prune p) {
      call(
          op,
          () ->
              gate.pruneUnknownRecords(p.keep(), p.until() == null ? clock.instant() : p.until()));
    } else if (op instanceof TraceOp.Restart r) {
      closeGate(r.line(), r.name());
      gate = open(r.line());
      call(op, () -> gate.reconcile(r.runtimeImages()));
    } else if (op instanceof TraceOp.Preloaded p) {
      call(op, () -> gate.recordPreloadedImages(p.runtimeImages()));
    } else if (op instanceof TraceOp.Forget f) {
      forget(f);
    } else if (op instanceof TraceOp.ExpectRecord e) {
      expectRecord(e);
    } else if (op instanceof TraceOp.ExpectIntent e) {
      expectIntent(e);
    } else {
      throw new IllegalStateException("no replay for op " + op.name());
    }
  }

  private void check(TraceOp.Check c) {
    PullDecision decision =
        gate.mustAttemptImagePull(
            c.image(), c.imageRef(), PodCredentials.of(c.secrets(), c.serviceAccount()));
    // A decision may hand a merge (a learned secret, a rotated hash) to the engine's own thread,
    // which dates it by the trace's clock when it applies it: ops are a sequence, so wait for it.
    call(c, gate::flush);
    boolean ok =
        (c.expectPull() == null || c.expectPull() == decision.mustAttemptPull())
            && (c.reason() == null || c.reason() == decision.reason());
    String expected =
        c.reason() != null
            ? PullDecision.of(c.reason()).toString()
            : Boolean.TRUE.equals(c.expectPull()) ? "pull" : "use";
    report(c, decision.toString(), ok, expected);
  }

  private void forget(TraceOp.Forget f) {
    int removed;
    try {
      removed =
          switch (f.what()) {
            case SECRET -> gate.forgetSecret(f.value());
            case SERVICE_ACCOUNT -> gate.forgetServiceAccount(f.value());
            case NAMESPACE -> gate.forgetNamespace(f.value());
          };
    } catch (RuntimeException e) {
      error(f, e);
      return;
    }
    report(
        f,
        "removed " + entries(removed),
        f.expectRemoved() == null || f.expectRemoved() == removed,
        f.expectRemoved() == null ? "" : "removed " + entries(f.expectRemoved()));
  }

  private void expectRecord(TraceOp.ExpectRecord e) {
    Optional<PulledRecord> record;
    try {
      record = gate.pulledRecord(e.imageRef());
    } catch (RuntimeException ex) {
      error(e, ex);
      return;
    }
    boolean showPreloaded =
        e.preloadedNames() != null || record.map(r -> !r.preloadedNames().isEmpty()).orElse(false);
    String found =
        record
            .map(
                r ->
                    described(
                        r.credentialMapping().keySet(), showPreloaded ? r.preloadedNames() : null))
            .orElse("no record");
    boolean ok =
        record.isPresent() == e.exists()
            && (e.imageNames() == null
                || e.imageNames().equals(record.get().credentialMapping().keySet()))
            && (e.preloadedNames() == null
                || e.preloadedNames().equals(record.get().preloadedNames()));
    String expected =
        !e.exists()
            ? "no record"
            : e.imageNames() == null && e.preloadedNames() == null
                ? "a record"
                : described(e.imageNames(), e.preloadedNames());
    report(e, found, ok, expected);
  }

  /** {@code record with imageNames […] and preloadedNames […]}, leaving out a null set. */
  private static String described(Collection<String> imageNames, Collection<String> preloaded) {
    StringBuilder text = new StringBuilder("record with");
    if (imageNames != null) {
      text.append(" imageNames ").append(sorted(imageNames));
    }
    if (preloaded != null) {
      text.append(imageNames != null ? " and" : "")
          .append(" preloadedNames ")
          .append(sorted(preloaded));
    }
    return text.toString();
  }

  private static String entries(int n) {
    return n + (n == 1 ? " entry" : " entries");
  }

  private void expectIntent(TraceOp.ExpectIntent e) {
    boolean exists;
    try {
      exists = gate.pullIntentExists(e.image());
    } catch (RuntimeException ex) {
      error(e, ex);
      return;
    }
    report(
        e,
        exists ? "intent exists" : "no intent",
        exists == e.exists(),
        e.exists() ? "intent exists" : "no intent");
  }

  private void call(TraceOp op, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      error(op, e);
    }
  }

  private PullGate open(int line) throws EngineOpenException {
    try {
      return opener.open(trace.config(), clock);
    } catch (RuntimeException e) {
      throw new EngineOpenException(line, e);
    }
  }

  private void closeGate(int line, String what) {
    if (gate == null) {
      return;
    }
    try {
      gate.close();
    } catch (RuntimeException e) {
      failed++;
      out.println(
          (line == 0 ? "" : "line " + line + " ")
              + what
              + ": error closing the engine: "
              + message(e)
              + " FAILED (expected no error)");
    } finally {
      gate = null;
    }
  }

  private void error(TraceOp op, RuntimeException e) {
    report(op, "error: " + message(e), false, "no error");
  }

  private void report(TraceOp op, String found, boolean ok, String expected) {
    if (ok) {
      passed++;
    } else {
      failed++;
    }
    out.println(
        "line "
            + op.line()
            + " "
            + op.name()
            + ": "
            + found
            + (ok ? " ok" : " FAILED (expected " + expected + ")"));
  }

  private static String message(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String sorted(Collection<String> names) {
    return new TreeSet<>(names).toString();
  }
}
