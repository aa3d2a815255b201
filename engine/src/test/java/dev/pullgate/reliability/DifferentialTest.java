package dev.pullgate.reliability;

import static org.assertj.core.api.Assertions.fail;

import dev.pullgate.DecisionReason;
import dev.pullgate.testing.SuiteSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The differential suite: long seeded sequences of every operation, run against the real engine on
 * LMDB and against {@link ReferenceModel}, a small model of the spec written for this test, in
 * every {@link EngineVariant}; every outcome and the stored state after every operation must agree.
 * A failure prints the seed and the sequence shrunk to the operations it still needs.
 *
 * <p>{@code -Dpullgate.differential.seed=N} replays a run; {@code
 * -Dpullgate.differential.operations=N} sets its length (default {@value #DEFAULT_OPERATIONS}, soak
 * {@value #SOAK_OPERATIONS}).
 */
@Tag("reliability")
class DifferentialTest {
  static final int DEFAULT_OPERATIONS = 21_600;
  static final long SOAK_OPERATIONS = 10_000_000;
  private static final int SEQUENCE_LENGTH = 1_200;
  private static final int SHRINK_RUNS = 2_000;

  @Test
  void everyOperation_agreesWithTheReferenceModel_inEveryVariant() {
    long seed = Long.getLong("pullgate.differential.seed", new SplittableRandom().nextLong());
    long operations =
        Long.getLong(
            "pullgate.differential.operations",
            SuiteSize.pick(DEFAULT_OPERATIONS, SOAK_OPERATIONS));
    EngineVariant[] variants = EngineVariant.values();
    SplittableRandom seeds = new SplittableRandom(seed);
    Map<String, Long> tally = new TreeMap<>();
    long done = 0;
    for (int sequence = 0; done < operations; sequence++) {
      EngineVariant variant = variants[sequence % variants.length];
      int length = (int) Math.min(SEQUENCE_LENGTH, operations - done);
      List<Op> ops = generate(new SplittableRandom(seeds.nextLong()), length);
      DifferentialRun run = new DifferentialRun(variant, new TreeMap<>());
      Optional<DifferentialRun.Mismatch> mismatch = new DifferentialRun(variant, tally).run(ops);
      if (mismatch.isPresent()) {
        fail(report(seed, sequence, variant, ops, mismatch.get(), run));
      }
      done += length;
    }
    long grants =
        tally.entrySet().stream()
            .filter(e -> e.getKey().startsWith("decision ") && !mustPull(e.getKey()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    System.out.printf(
        "DifferentialTest: %,d operations in %d variants agreed with the model, %,d of them"
            + " grants (seed %d)%n  %s%n",
        done, variants.length, grants, seed, tally);
  }

  private static boolean mustPull(String decision) {
    return DecisionReason.valueOf(decision.substring("decision ".length())).mustAttemptPull();
  }

  static List<Op> generate(SplittableRandom random, int length) {
    OpGenerator generator = new OpGenerator(OpGenerator.Flavour.DIFFERENTIAL, random);
    List<Op> ops = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      ops.add(generator.next());
    }
    return ops;
  }

  private static String report(
      long seed,
      int sequence,
      EngineVariant variant,
      List<Op> ops,
      DifferentialRun.Mismatch mismatch,
      DifferentialRun run) {
    List<Op> shrunk = new ArrayList<>(ops.subList(0, mismatch.index() + 1));
    DifferentialRun.Mismatch last = mismatch;
    int runs = 0;
    for (int chunk = shrunk.size() / 2; chunk >= 1 && runs < SHRINK_RUNS; chunk /= 2) {
      for (int start = 0; start < shrunk.size() && runs < SHRINK_RUNS; ) {
        List<Op> candidate = new ArrayList<>(shrunk.subList(0, start));
        candidate.addAll(shrunk.subList(Math.min(shrunk.size(), start + chunk), shrunk.size()));
        runs++;
        Optional<DifferentialRun.Mismatch> still =
            candidate.isEmpty() ? Optional.empty() : run.run(candidate);
        if (still.isPresent()) {
          shrunk = new ArrayList<>(candidate.subList(0, still.get().index() + 1));
          last = still.get();
        } else {
          start += chunk;
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("the engine differs from the reference model\n")
        .append("  seed ")
        .append(seed)
        .append(" (replay with -Dpullgate.differential.seed=")
        .append(seed)
        .append("), sequence ")
        .append(sequence)
        .append(", variant ")
        .append(variant)
        .append('\n')
        .append("  first found at operation ")
        .append(mismatch.index())
        .append(": ")
        .append(mismatch.op())
        .append("\n    ")
        .append(mismatch.what().replace("\n", "\n    "))
        .append("\n  shrunk to ")
        .append(shrunk.size())
        .append(" operations (")
        .append(runs)
        .append(" runs), failing at the last:\n");
    for (int i = 0; i < shrunk.size(); i++) {
      out.append(String.format("    %3d  %s%n", i, shrunk.get(i)));
    }
    out.append("    ").append(last.what().replace("\n", "\n    "));
    return out.toString();
  }
}
