package dev.pullgate.reliability;

import static org.assertj.core.api.Assertions.fail;

import dev.pullgate.PullGate;
import dev.pullgate.TestClock;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import dev.pullgate.testing.SuiteSize;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The crash suite: a child JVM ({@link CrashWorkload}) runs a seeded random workload of every
 * operation on an LMDB store and reports each call it got back; this test kills it with SIGKILL at
 * a random moment, reopens the store, and checks that every acknowledged record and intent is there
 * exactly as the {@link ReferenceModel} says (the call in flight: before or after, see {@link
 * CrashCheck}), that {@code verify()} finds the store intact, and that decisions on the store agree
 * with the model, so that none grants what the model refuses. Then the next child carries on.
 *
 * <p>Kills are aimed: some while the store is being created or opened, some in a burst of decisions
 * whose merges are pending, in an import of hundreds of records (which grows the map from the
 * smallest LMDB accepts), in a prune, a forget, a reconcile, the rest anywhere. Every few cycles a
 * new store starts, so creation and map growth come again.
 *
 * <p>{@code -Dpullgate.crash.seed=N} replays the workload and the choice of kills of a failed run
 * (the exact moment of each kill depends on timing); {@code -Dpullgate.crash.cycles=N} sets the
 * number of kills (default {@value #DEFAULT_CYCLES}, soak {@value #SOAK_CYCLES}).
 */
@Tag("reliability")
class CrashTest {
  static final int DEFAULT_CYCLES = 50;
  static final int SOAK_CYCLES = 5_000;
  private static final int CYCLES_PER_STORE = 12;
  private static final long CYCLE_TIMEOUT_MILLIS = 120_000;

  /** Where a kill is aimed. */
  enum Aim {
    /** While the child opens the store: creating it on a new store. */
    OPEN,
    /** Just after an operation begins, any operation. */
    ANY,
    /** In a burst of decisions, while their merges are pending. */
    MERGES,
    /** In an import of hundreds of records: map growth on a young store. */
    BULK_IMPORT,
    PRUNE,
    FORGET,
    RECONCILE,
    PRELOADED
  }

  private final Map<String, Long> figures = new TreeMap<>();

  @Test
  void killedAtRandomMoments_losesNoAcknowledgedWrite_andNeverGrantsWhatTheModelForbids()
      throws Exception {
    long seed = Long.getLong("pullgate.crash.seed", new SplittableRandom().nextLong());
    int cycles =
        Integer.getInteger("pullgate.crash.cycles", SuiteSize.pick(DEFAULT_CYCLES, SOAK_CYCLES));
    SplittableRandom random = new SplittableRandom(seed);
    Path dir = null;
    ReferenceModel model = null;
    EngineVariant variant = null;
    long next = 0;
    CrashChild spare = CrashChild.start();
    try {
      for (int cycle = 0; cycle < cycles; cycle++) {
        boolean fresh = cycle % CYCLES_PER_STORE == 0;
        if (fresh) {
          if (dir != null) {
            ScratchStores.delete(dir);
          }
          dir = ScratchStores.create("pullgate-crash");
          variant =
              (cycle / CYCLES_PER_STORE) % 2 == 0 ? EngineVariant.DEFAULT : EngineVariant.OBSERVED;
          model = new ReferenceModel(variant.settings(), CrashWorkload.timeOf(next));
        }
        Aim aim = aim(random, fresh, cycle % CYCLES_PER_STORE);
        String context = context(seed, cycle, dir, variant, aim);
        CrashCheck check = new CrashCheck(seed, model);
        CrashChild child = spare;
        child.run(dir, seed, next, variant);
        // The next child starts now, so its JVM is up when its turn comes.
        spare = CrashChild.start();
        long started = System.nanoTime();
        runAndKill(child, seed, next, aim, random, check, context);
        long killed = System.nanoTime();
        next = Math.max(next, check.lastBegun() + 1);
        verifyStore(dir, variant, model, check, context, next);
        count("ms with the child running", (killed - started) / 1_000_000);
        count("ms checking the store", (System.nanoTime() - killed) / 1_000_000);
      }
    } finally {
      spare.kill();
      if (dir != null) {
        ScratchStores.delete(dir);
      }
    }
    System.out.printf(
        "CrashTest: %d kills, nothing acknowledged lost, no wrong grant (seed %d)%n  %s%n",
        cycles, seed, figures);
  }

  private static String context(long seed, int cycle, Path dir, EngineVariant variant, Aim aim) {
    return String.format(
        "seed %d (replay with -Dpullgate.crash.seed=%d), cycle %d, store %s, %s, kill aimed at %s",
        seed, seed, cycle, dir, variant, aim);
  }

  private static Aim aim(SplittableRandom random, boolean fresh, int age) {
    if (fresh && random.nextBoolean()) {
      return Aim.OPEN;
    }
    if (age < 3 && random.nextInt(3) == 0) {
      return Aim.BULK_IMPORT;
    }
    Aim[] aims = Aim.values();
    return aims[random.nextInt(aims.length)];
  }

  /** Lets {@code child} run from operation {@code first}, kills it where {@code aim} says. */
  private void runAndKill(
      CrashChild child,
      long seed,
      long first,
      Aim aim,
      SplittableRandom random,
      CrashCheck check,
      String context)
      throws Exception {
    ChildLines lines = child.lines();
    try {
      int nth = 1 + random.nextInt(2);
      long anyAt = first + random.nextInt(40);
      long deadline = System.currentTimeMillis() + CYCLE_TIMEOUT_MILLIS;
      while (true) {
        String line = lines.poll(Math.max(1, deadline - System.currentTimeMillis()));
        if (line == null) {
          child.kill();
          fail(
              context
                  + ": the child made no progress for "
                  + CYCLE_TIMEOUT_MILLIS
                  + " ms\n"
                  + lines.all()
                  + "\n"
                  + child.stderr());
        }
        if (line.equals(ChildLines.END)) {
          child.kill();
          fail(
              context
                  + ": the child ended before it was killed\n"
                  + lines.all()
                  + "\nstderr:\n"
                  + child.stderr());
        }
        if (line.startsWith("error")) {
          child.kill();
          fail(context + ": " + line + "\nstderr:\n" + child.stderr());
        }
        if (aim == Aim.OPEN && line.equals("opening")) {
          pause(random.nextLong(40_000_000));
          break;
        }
        if (line.startsWith("begin ")) {
          long index = Long.parseLong(line.substring(6));
          Op op = OpGenerator.crashOp(seed, index);
          boolean hit = aim != Aim.OPEN && matches(aim, op) && --nth == 0;
          if (hit || index >= anyAt + 80 || aim == Aim.ANY && index >= anyAt) {
            pause(isBulk(op) ? random.nextLong(200_000_000) : random.nextLong(3_000_000));
            count(hit ? "kills on their aim" : "kills that fell back to any call", 1);
            break;
          }
        }
      }
    } finally {
      child.kill();
    }
    List<String> report = lines.all();
    check.replay(report);
    if (!check.problems().isEmpty()) {
      fail(
          context
              + ": acknowledged outcomes differ from the model:\n  "
              + String.join("\n  ", check.problems()));
    }
    count("kills aimed at " + aim, 1);
    count("kills before the store was open", check.opened() ? 0 : 1);
    Op inFlight = check.inFlight();
    count(
        "kills with a call in flight: "
            + (inFlight == null ? "none" : inFlight.getClass().getSimpleName()),
        1);
    count("acknowledged calls", check.acknowledged());
    count("acknowledged writes", check.acknowledgedWrites());
    count("decisions checked in the child", check.decisions());
  }

  private static boolean matches(Aim aim, Op op) {
    return switch (aim) {
      case MERGES -> op instanceof Op.Burst;
      case BULK_IMPORT -> isBulk(op);
      case PRUNE -> op instanceof Op.Prune;
      case FORGET ->
          op instanceof Op.ForgetSecret
              || op instanceof Op.ForgetAccount
              || op instanceof Op.ForgetNamespace;
      case RECONCILE -> op instanceof Op.Reconcile;
      case PRELOADED -> op instanceof Op.Preloaded;
      case OPEN, ANY -> false;
    };
  }

  private static boolean isBulk(Op op) {
    return op instanceof Op.Import i && i.records().size() > 50;
  }

  /**
   * Reopens the store the child left: verifies it, compares everything it holds with what the model
   * allows, adopts it, then checks decisions on it against the model.
   */
  private void verifyStore(
      Path dir,
      EngineVariant variant,
      ReferenceModel model,
      CrashCheck check,
      String context,
      long next) {
    StoredState stored;
    LmdbPullRecordStore.Options options =
        new LmdbPullRecordStore.Options(
            dir.resolve("store"),
            LmdbPullRecordStore.Options.MIN_MAP_SIZE,
            LmdbPullRecordStore.Options.DEFAULT_MAX_MAP_SIZE,
            true,
            LmdbPullRecordStore.Options.DEFAULT_MAX_READERS);
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(options)) {
      LmdbPullRecordStore.Verification verification = store.verify();
      if (!verification.isIntact()) {
        fail(context + ": verify found damage after the kill: " + verification.damage());
      }
      stored = StoredState.listing(store);
    }
    int[] lost = new int[1];
    String wrong = check.compare(stored, lost);
    count("records and intents checked", stored.records().size() + stored.intents().size());
    count("lost or wrong records and intents", lost[0]);
    if (!wrong.isEmpty()) {
      fail(
          context
              + ": the store that survived the kill is not what was acknowledged:\n"
              + wrong
              + "\nthe child's last lines: "
              + check.tail());
    }
    adopt(model, stored);
    checkDecisions(dir, variant, model, context, next);
  }

  /** The model takes the surviving state; the counters of the killed process are gone. */
  private static void adopt(ReferenceModel model, StoredState stored) {
    model.records.clear();
    model.records.putAll(stored.records());
    model.intents.clear();
    model.intents.addAll(stored.intents());
    model.counters.clear();
  }

  /**
   * Decides, on the reopened store, for every imageRef of the universe a few images and pods (the
   * stored secrets among them, and rotated ones), and compares each with the model; a grant the
   * model refuses is the failure this suite exists for.
   */
  private void checkDecisions(
      Path dir, EngineVariant variant, ReferenceModel model, String context, long next) {
    long time = CrashWorkload.timeOf(next) - 5_000;
    model.now = time;
    TestClock clock = new TestClock().set(Instant.ofEpochMilli(time));
    SplittableRandom random = new SplittableRandom(next);
    OpGenerator generator = new OpGenerator(OpGenerator.Flavour.CRASH, random);
    try (PullGate gate = PullGate.open(CrashWorkload.config(dir, variant), clock)) {
      EngineDriver engine =
          new EngineDriver(
              gate,
              clock,
              ms -> {
                throw new IllegalStateException("no clock steps here");
              });
      for (String imageRef : Universe.IMAGE_REFS) {
        for (Op.Decide decide : decisions(generator, model, imageRef)) {
          ReferenceModel.Verdict verdict = model.decide(decide);
          String expected = ReferenceModel.outcome(decide, verdict.reason(), verdict.asked());
          String actual = engine.decide(decide);
          count("decisions checked after reopening", 1);
          boolean engineGrants =
              !actual.startsWith("NO_")
                  && !actual.startsWith("CREDENTIAL")
                  && !actual.startsWith("STORE_ERROR")
                  && !actual.startsWith("INVALID_INPUT");
          count("grants checked after reopening", engineGrants ? 1 : 0);
          if (!expected.equals(actual)) {
            count("wrong grants", engineGrants && verdict.reason().mustAttemptPull() ? 1 : 0);
            fail(
                context
                    + ": after reopening, "
                    + decide
                    + ": model "
                    + expected
                    + ", engine "
                    + actual);
          }
          if (verdict.merge() != null) {
            gate.flush();
            model.applyMerge(verdict.merge());
          }
        }
      }
    }
  }

  private static List<Op.Decide> decisions(
      OpGenerator generator, ReferenceModel model, String imageRef) {
    List<Op.Decide> decisions = new ArrayList<>();
    ModelRecord record = model.records.get(imageRef);
    List<String> images = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      images.add(generator.image());
    }
    if (record != null) {
      for (String name : record.mapping().keySet()) {
        Universe.IMAGES.stream()
            .filter(image -> image.name().equals(name))
            .findFirst()
            .ifPresent(image -> images.add(image.image()));
      }
    }
    for (String image : images) {
      decisions.add(new Op.Decide(image, imageRef, new Op.Pod(List.of(), null, Op.Lookup.FIXED)));
      decisions.add(new Op.Decide(image, imageRef, generator.pod()));
      if (record != null) {
        for (ModelRecord.Entry entry : record.mapping().values()) {
          entry.secrets().entrySet().stream()
              .findFirst()
              .ifPresent(
                  s -> {
                    // The crash variants keep the kubelet's hashes: the stored one, as a pod holds
                    // it, and a rotated one.
                    ModelRecord.Coordinates c = s.getKey();
                    String stored = s.getValue().hash();
                    for (String hash : List.of(stored, Universe.HASHES.get(0))) {
                      if (!hash.isEmpty()) {
                        Op.Sec secret = new Op.Sec(c.uid(), c.namespace(), c.name(), hash);
                        decisions.add(
                            new Op.Decide(
                                image,
                                imageRef,
                                new Op.Pod(List.of(secret), null, Op.Lookup.FIXED)));
                      }
                    }
                  });
        }
      }
    }
    return decisions;
  }

  private void count(String figure, long n) {
    figures.merge(figure, n, Long::sum);
  }

  private static void pause(long nanos) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(nanos);
  }
}
