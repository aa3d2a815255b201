package dev.pullgate.reliability;

import static org.assertj.core.api.Assertions.fail;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.error.PullGateException;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import dev.pullgate.testing.SuiteSize;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The concurrency suite: {@value #THREADS} threads mix every operation on one engine over LMDB
 * (from the smallest map, so it grows under load), then {@code close()} comes while they run. A
 * watchdog dumps every thread and fails the test when no call completes for {@value #STALL_MILLIS}
 * ms; every thread must end once the engine is closed, every call after the close must fail closed
 * (a decision to pull) or throw the documented {@link PullGateException}, and every grant is
 * checked against the {@link ProofLedger}: what was proven before the decision ended and not
 * revoked before it started.
 *
 * <p>The imageRefs are split so that the ledger can be exact where it matters: the protected ones
 * are never pruned, imported or observed as preloaded, so once a pull onto one is recorded no
 * decision may take it for preloaded; imports replace the records of their own imageRefs; prune,
 * reconcile and observed preloaded images work on the rest.
 *
 * <p>{@code -Dpullgate.concurrency.seconds=N} sets how long the load runs (default {@value
 * #DEFAULT_SECONDS} s, soak {@value #SOAK_SECONDS} s), in rounds of at most {@value #ROUND_SECONDS}
 * s, each on a fresh store and ending with its own close under load; {@code
 * -Dpullgate.concurrency.seed=N} the seed of the threads' choices (the interleaving is the
 * scheduler's, so a replay repeats the load, not the schedule); {@code
 * -Dpullgate.concurrency.uncached=true} turns the record and intent caches off, so that decisions
 * read records in place from the memory map.
 */
@Tag("reliability")
class ConcurrencyTest {
  static final int THREADS = 16;
  static final int DEFAULT_SECONDS = 15;
  static final int SOAK_SECONDS = 900;

  /**
   * The longest round: the ledger keeps every call of a round in memory until its check, whose cost
   * grows faster than the round, so a long run is a series of rounds, each on a fresh store and
   * ending with a close under load.
   */
  static final int ROUND_SECONDS = 15;

  static final long STALL_MILLIS = 30_000;
  private static final long AFTER_CLOSE_MILLIS = 300;

  static final List<String> PROTECTED = Universe.IMAGE_REFS.subList(0, 4);
  static final List<String> EPHEMERAL = Universe.IMAGE_REFS.subList(4, 6);
  static final List<String> IMPORTED = Universe.IMAGE_REFS.subList(6, 8);
  private static final Set<String> RECONCILED_NAMES =
      Set.of("quay.io/other/base", "localhost:5000/tools/probe");

  /** Images that only pulling threads record intents for: one end for every intent. */
  static final List<Universe.Image> PULLED_IMAGES =
      Universe.IMAGES.stream().filter(i -> !RECONCILED_NAMES.contains(i.name())).toList();

  /** Images that reconcile and imports give intents to. */
  static final List<Universe.Image> RECONCILED_IMAGES =
      Universe.IMAGES.stream().filter(i -> RECONCILED_NAMES.contains(i.name())).toList();

  private final Map<String, AtomicInteger> figures = new ConcurrentHashMap<>();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final AtomicReferenceArray<Op.Pulled> recentPulls = new AtomicReferenceArray<>(64);
  private final AtomicInteger recentIndex = new AtomicInteger();
  private volatile boolean closing;
  private volatile long closedAt = Long.MAX_VALUE;
  private volatile boolean stop;

  @Test
  void sixteenThreads_everyOperation_closeUnderLoad_neverHangs_andGrantsOnlyWhatWasProven()
      throws Exception {
    long seed = Long.getLong("pullgate.concurrency.seed", new SplittableRandom().nextLong());
    long seconds =
        Long.getLong("pullgate.concurrency.seconds", SuiteSize.pick(DEFAULT_SECONDS, SOAK_SECONDS));
    boolean uncached = Boolean.getBoolean("pullgate.concurrency.uncached");
    String context =
        "seed "
            + seed
            + " (-Dpullgate.concurrency.seed="
            + seed
            + (uncached ? " -Dpullgate.concurrency.uncached=true" : "")
            + ")";
    SplittableRandom seeds = new SplittableRandom(seed);
    long rounds = Math.max(1, (seconds + ROUND_SECONDS - 1) / ROUND_SECONDS);
    for (long round = 0; round < rounds; round++) {
      long roundSeconds = Math.max(1, Math.min(ROUND_SECONDS, seconds - round * ROUND_SECONDS));
      round(seeds.nextLong(), roundSeconds, uncached, context + ", round " + round);
    }
    System.out.printf(
        "ConcurrencyTest: %d threads for %d s in %d rounds, each ending with close() under load;"
            + " no hang, every grant proven (seed %d)%n  %s%n",
        THREADS, seconds, rounds, seed, new TreeMap<>(figures));
  }

  /**
   * One round: a fresh store and engine, the load for {@code seconds}, {@code close()} under it,
   * then every grant of the round checked against its own ledger.
   */
  private void round(long seed, long seconds, boolean uncached, String context) throws Exception {
    closing = false;
    closedAt = Long.MAX_VALUE;
    stop = false;
    for (int i = 0; i < recentPulls.length(); i++) {
      recentPulls.set(i, null);
    }
    Path dir = ScratchStores.create("pullgate-concurrency");
    ProofLedger ledger =
        new ProofLedger(
            Set.copyOf(PROTECTED),
            PULLED_IMAGES.stream().map(Universe.Image::reference).collect(Collectors.toSet()));
    try (ProgressWatchdog watchdog = new ProgressWatchdog(STALL_MILLIS)) {
      PullGateConfig config =
          EngineVariant.DEFAULT.config(dir, LmdbPullRecordStore.Options.MIN_MAP_SIZE);
      if (uncached) {
        config = config.toBuilder().cacheMaxRecords(0).cacheMaxIntents(0).build();
      }
      PullGate gate = PullGate.open(config);
      SplittableRandom seeds = new SplittableRandom(seed);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Worker worker = new Worker(gate, ledger, watchdog, new SplittableRandom(seeds.nextLong()));
        Thread thread = new Thread(worker::run, "pullgate-load-" + t);
        thread.setDaemon(true);
        workers.add(thread);
        thread.start();
      }
      awaitOrStall(watchdog, System.currentTimeMillis() + seconds * 1000, context);

      Thread closer = new Thread(() -> close(gate, ledger), "pullgate-closer");
      closer.setDaemon(true);
      closing = true;
      closer.start();
      closer.join(STALL_MILLIS);
      if (closer.isAlive()) {
        fail(
            context
                + ": close() under load did not return in "
                + STALL_MILLIS
                + " ms\n"
                + ProgressWatchdog.dumpThreads());
      }
      Thread.sleep(AFTER_CLOSE_MILLIS);
      stop = true;
      for (Thread worker : workers) {
        worker.join(STALL_MILLIS);
        if (worker.isAlive()) {
          fail(
              context
                  + ": "
                  + worker.getName()
                  + " did not end after close()\n"
                  + ProgressWatchdog.dumpThreads());
        }
      }
      if (watchdog.stall() != null) {
        fail(context + ": " + watchdog.stall());
      }
    } finally {
      ScratchStores.delete(dir);
    }
    if (!failures.isEmpty()) {
      fail(
          context
              + ": "
              + failures.size()
              + " calls went wrong, the first ones:\n  "
              + failures.stream().limit(10).collect(Collectors.joining("\n  ")));
    }
    List<ProofLedger.Grant> unproven = ledger.check();
    count("grants checked against the ledger", ledger.grants());
    if (!unproven.isEmpty()) {
      fail(
          context
              + ": "
              + unproven.size()
              + " grants rest on nothing proven, the first ones:\n  "
              + unproven.stream()
                  .limit(10)
                  .map(ledger::explain)
                  .collect(Collectors.joining("\n  ")));
    }
    count("rounds", 1);
  }

  private void awaitOrStall(ProgressWatchdog watchdog, long until, String context)
      throws InterruptedException {
    while (System.currentTimeMillis() < until) {
      if (watchdog.stall() != null) {
        fail(context + ": " + watchdog.stall());
      }
      Thread.sleep(100);
    }
  }

  private void close(PullGate gate, ProofLedger ledger) {
    try {
      gate.close();
    } catch (RuntimeException e) {
      failures.add("close() threw " + e);
    }
    closedAt = ledger.next();
  }

  private void count(String figure, int n) {
    figures.computeIfAbsent(figure, k -> new AtomicInteger()).addAndGet(n);
  }

  /** One loaded thread: random calls of every kind until told to stop. */
  private final class Worker {
    private final PullGate gate;
    private final ProofLedger ledger;
    private final ProgressWatchdog watchdog;
    private final SplittableRandom random;
    private final OpGenerator generator;

    Worker(PullGate gate, ProofLedger ledger, ProgressWatchdog watchdog, SplittableRandom random) {
      this.gate = gate;
      this.ledger = ledger;
      this.watchdog = watchdog;
      this.random = random;
      this.generator = new OpGenerator(OpGenerator.Flavour.DIFFERENTIAL, random);
    }

    void run() {
      while (!stop) {
        int roll = random.nextInt(100);
        String what;
        if (roll < 40) {
          what = "decision";
          decide();
        } else if (roll < 62) {
          what = "pull";
          pull();
        } else if (roll < 65) {
          what = "reconcile";
          List<Op.Runtime> images = runtimeImages(false);
          long start = ledger.next();
          call(what, () -> gate.reconcile(EngineDriver.runtimeImages(images)));
          ledger.event(null, start, "reconcile " + images);
        } else if (roll < 68) {
          what = "recordPreloadedImages";
          List<Op.Runtime> images = runtimeImages(true);
          long start = ledger.next();
          call(what, () -> gate.recordPreloadedImages(EngineDriver.runtimeImages(images)));
          ledger.event(null, start, "recordPreloadedImages " + images);
        } else if (roll < 70) {
          what = "prune";
          prune();
        } else if (roll < 74) {
          what = "forget";
          forget();
        } else if (roll < 77) {
          what = "importRecords";
          importRecords();
        } else if (roll < 80) {
          what = "flush";
          call(what, gate::flush);
        } else {
          what = "read";
          read();
        }
        count(closing ? "calls during and after close()" : "calls: " + what, 1);
        watchdog.progressed();
      }
    }

    private void decide() {
      Op.Pulled pull = recentPulls.get(random.nextInt(recentPulls.length()));
      Op.Decide decide =
          pull != null && random.nextBoolean()
              ? generator.decideAbout(pull, pull.imageRef())
              : new Op.Decide(
                  generator.pick(Universe.IMAGES).image(),
                  generator.pick(Universe.IMAGE_REFS),
                  generator.pod());
      long start = ledger.next();
      PullDecision decision;
      try {
        decision =
            gate.mustAttemptImagePull(
                decide.image(),
                decide.imageRef(),
                EngineDriver.podCredentials(decide.pod(), new AtomicBoolean()));
      } catch (Throwable e) {
        failures.add("a decision threw " + e + " for " + decide);
        return;
      }
      long end = ledger.next();
      count("decisions " + decision.reason(), 1);
      if (decision.mustAttemptPull()) {
        return;
      }
      if (start > closedAt) {
        failures.add("a decision after close() granted: " + decision.reason() + " for " + decide);
      }
      ledger.granted(
          Universe.BY_IMAGE.get(decide.image()),
          decide.imageRef(),
          decide.pod(),
          decision.reason(),
          start,
          end);
    }

    /** An intent, then the pull recorded (its credentials proven first) or failed. */
    private void pull() {
      Universe.Image image = generator.pick(PULLED_IMAGES);
      List<String> refs =
          random.nextInt(3) == 0 ? EPHEMERAL : random.nextBoolean() ? PROTECTED : IMPORTED;
      String imageRef = generator.pick(refs);
      if (!call("recordPullIntent", () -> gate.recordPullIntent(image.image()))) {
        return;
      }
      ledger.intentRecorded(image.reference(), ledger.next());
      if (random.nextInt(7) == 0) {
        ledger.intentEnding(image.reference(), ledger.next());
        call("recordImagePullFailed", () -> gate.recordImagePullFailed(image.image()));
        return;
      }
      Op.Cred cred = generator.validCred();
      long pullStart = ledger.next();
      long[] proven = prove(imageRef, image.name(), cred);
      ledger.intentEnding(image.reference(), ledger.next());
      boolean recorded =
          call(
              "recordImagePulled",
              () ->
                  gate.recordImagePulled(
                      image.image(), imageRef, EngineDriver.pullCredentials(cred)));
      ledger.event(
          imageRef,
          pullStart,
          "pulled " + image.image() + " " + cred + (recorded ? "" : " (failed)"));
      if (recorded) {
        long end = ledger.next();
        if (proven != null) {
          proven[0] = end;
        }
        ledger.pulledOnto(imageRef, end);
        if (cred != null) {
          recentPulls.set(
              Math.floorMod(recentIndex.getAndIncrement(), recentPulls.length()),
              new Op.Pulled(image.image(), imageRef, cred));
        }
      }
    }

    /** Registers what a pull with {@code cred} proves; the array takes the proof's end. */
    private long[] prove(String imageRef, String name, Op.Cred cred) {
      if (cred instanceof Op.SecretCred s) {
        return ledger.prove(
            imageRef, name, "secret", ReferenceModel.coordinates(s.secret()), s.secret().hash());
      } else if (cred instanceof Op.AccountCred a) {
        return ledger.prove(imageRef, name, "account", ReferenceModel.coordinates(a.account()), "");
      } else if (cred instanceof Op.NodeAccessible) {
        return ledger.prove(imageRef, name, "node", null, "");
      }
      return null;
    }

    private List<Op.Runtime> runtimeImages(boolean anyName) {
      List<Op.Runtime> images = new ArrayList<>();
      for (int i = 1 + random.nextInt(2); i > 0; i--) {
        List<String> tags = new ArrayList<>();
        for (int t = 1 + random.nextInt(2); t > 0; t--) {
          tags.add(generator.pick(anyName ? Universe.IMAGES : RECONCILED_IMAGES).image());
        }
        images.add(new Op.Runtime(generator.pick(EPHEMERAL), tags, List.of()));
      }
      return images;
    }

    private void prune() {
      long start = ledger.next();
      Set<String> keep = new HashSet<>(PROTECTED);
      keep.addAll(IMPORTED);
      if (call("prune", () -> gate.pruneUnknownRecords(keep, Instant.now().plusSeconds(86_400)))) {
        ledger.revoke(start, proof -> EPHEMERAL.contains(proof.imageRef()));
        ledger.event(null, start, "prune");
      }
    }

    private void forget() {
      long start = ledger.next();
      int kind = random.nextInt(3);
      if (kind == 0) {
        String uid = generator.secretCoordinates().uid();
        if (call("forgetSecret", () -> gate.forgetSecret(uid))) {
          ledger.event(null, start, "forgetSecret " + uid);
          ledger.forgot(start, p -> p.kind().equals("secret") && p.coordinates().uid().equals(uid));
        }
      } else if (kind == 1) {
        String uid = generator.account().uid();
        if (call("forgetServiceAccount", () -> gate.forgetServiceAccount(uid))) {
          ledger.event(null, start, "forgetServiceAccount " + uid);
          ledger.forgot(
              start, p -> p.kind().equals("account") && p.coordinates().uid().equals(uid));
        }
      } else {
        String namespace = generator.pick(Universe.NAMESPACES);
        if (call("forgetNamespace", () -> gate.forgetNamespace(namespace))) {
          ledger.event(null, start, "forgetNamespace " + namespace);
          ledger.forgot(
              start,
              p -> !p.kind().equals("node") && p.coordinates().namespace().equals(namespace));
        }
      }
    }

    /**
     * Imports a record onto an imported imageRef (proving what it holds, and revoking what it
     * replaces), with an intent of a reconciled image now and then.
     */
    private void importRecords() {
      String imageRef = generator.pick(IMPORTED);
      String name = generator.pick(PULLED_IMAGES).name();
      Op.ImportedEntry entry = importedEntry();
      Op.ImportedRecord record =
          new Op.ImportedRecord(
              imageRef, random.nextLong(60_000), true, Map.of(name, entry), Set.of());
      List<String> images =
          random.nextBoolean() ? List.of() : List.of(generator.pick(RECONCILED_IMAGES).image());
      long start = ledger.next();
      List<long[]> proofs = new ArrayList<>();
      if (entry.nodeAccessible()) {
        proofs.add(ledger.prove(imageRef, name, "node", null, ""));
      }
      for (Op.ImportedSecret s : entry.secrets()) {
        proofs.add(
            ledger.prove(
                imageRef,
                name,
                "secret",
                ReferenceModel.coordinates(s.secret()),
                s.secret().hash()));
      }
      for (Op.ImportedAccount a : entry.accounts()) {
        proofs.add(
            ledger.prove(imageRef, name, "account", ReferenceModel.coordinates(a.account()), ""));
      }
      boolean imported =
          call(
              "importRecords",
              () ->
                  gate.importRecords(
                      EngineDriver.importedRecords(List.of(record), Instant.now()), images));
      ledger.event(imageRef, start, "import " + record);
      if (imported) {
        long end = ledger.next();
        proofs.forEach(p -> p[0] = end);
        ledger.revoke(
            start,
            p -> p.imageRef().equals(imageRef) && !(p.name().equals(name) && holds(entry, p)));
      }
    }

    private Op.ImportedEntry importedEntry() {
      if (random.nextInt(5) == 0) {
        return new Op.ImportedEntry(true, List.of(), List.of());
      }
      List<Op.ImportedSecret> secrets = new ArrayList<>();
      Map<ModelRecord.Coordinates, Boolean> seen = new HashMap<>();
      for (int i = random.nextInt(3); i > 0; i--) {
        Op.Sec secret = generator.secret();
        if (seen.put(ReferenceModel.coordinates(secret), true) == null) {
          secrets.add(new Op.ImportedSecret(secret, random.nextLong(60_000)));
        }
      }
      List<Op.ImportedAccount> accounts = new ArrayList<>();
      if (random.nextBoolean()) {
        accounts.add(new Op.ImportedAccount(generator.account(), random.nextLong(60_000)));
      }
      return new Op.ImportedEntry(false, secrets, accounts);
    }

    private static boolean holds(Op.ImportedEntry entry, ProofLedger.Proof proof) {
      return switch (proof.kind()) {
        case "node" -> entry.nodeAccessible();
        case "secret" ->
            entry.secrets().stream()
                .anyMatch(
                    s ->
                        ReferenceModel.coordinates(s.secret()).equals(proof.coordinates())
                            && s.secret().hash().equals(proof.hash()));
        default ->
            entry.accounts().stream()
                .anyMatch(a -> ReferenceModel.coordinates(a.account()).equals(proof.coordinates()));
      };
    }

    private void read() {
      int kind = random.nextInt(3);
      if (kind == 0) {
        call("pulledRecord", () -> gate.pulledRecord(generator.pick(Universe.IMAGE_REFS)));
      } else if (kind == 1) {
        call(
            "pullIntentExists",
            () -> gate.pullIntentExists(generator.pick(Universe.IMAGES).image()));
      } else {
        call("metrics", gate::metrics);
      }
    }

    /**
     * Runs a call that may only fail by the documented exception once close() has begun; whether it
     * returned normally.
     */
    private boolean call(String what, Runnable call) {
      try {
        call.run();
        return true;
      } catch (PullGateException e) {
        if (!closing) {
          failures.add(what + " threw under load, before close(): " + e);
        }
        count("calls refused during and after close()", 1);
      } catch (Throwable e) {
        failures.add(what + " threw " + e);
      }
      return false;
    }
  }
}
