package dev.pullgate.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.testing.SuiteSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corruption suite: randomized trials, each on a fresh copy of the scenario's store (built
 * once, with a model of its records, intents and decisions) that suffered one damage, opened and
 * decided in a child JVM ({@link CorruptionTrialProcess}) since LMDB maps the file and damage could
 * crash native code. See {@link TrialVerdict} for the rules every trial must keep: zero wrong
 * "use", no crash, hang or throw of the deciding process, refusals that name the damaged file, and
 * a verification that always ends with a verdict.
 *
 * <p>{@value #TRIALS_DEFAULT} trials by default, {@value #TRIALS_SOAK} with {@code -Psoak}; {@code
 * -Dpullgate.corruption.trials=N} sets another count. Each run draws a run seed (printed, or set
 * with {@code -Dpullgate.corruption.runSeed}); each trial's seed follows from it. A failing trial
 * is printed with its seed and damage; {@code -Dpullgate.corruption.seed=S} replays that trial
 * alone. Figures go to standard output and to {@code target/corruption-suite.txt}.
 */
@Tag("corruption")
class CorruptionSuiteTest {
  static final int TRIALS_DEFAULT = 400;
  static final int TRIALS_SOAK = 10_000;
  private static final int BATCH = 50;

  @TempDir Path work;

  @Test
  void damagedStores_areRefusedOrFailClosed_neverGrantAWrongUseNorCrashTheDecidingProcess()
      throws Exception {
    long started = System.nanoTime();
    CorruptionScenario scenario = CorruptionScenario.create();
    Path template = work.resolve("template");
    scenario.build(template);
    StoreLayout layout = StoreLayout.of(template);
    ForeignEnvironments foreign = ForeignEnvironments.create(work.resolve("foreign"));
    Path errorFiles = Files.createDirectories(work.resolve("crash-reports"));

    Map<Long, TrialDamage> trials = trials(layout, foreign);
    Map<Long, TrialVerdict> verdicts = new LinkedHashMap<>();
    List<Long> seeds = new ArrayList<>(trials.keySet());
    for (int from = 0; from < seeds.size(); from += BATCH) {
      List<Long> batch = seeds.subList(from, Math.min(from + BATCH, seeds.size()));
      verdicts.putAll(runBatch(batch, trials, template, errorFiles, scenario));
    }

    String report = report(trials, verdicts, layout, System.nanoTime() - started);
    System.out.println(report);
    Files.writeString(Path.of("target", "corruption-suite.txt"), report);
    assertThat(failures(trials, verdicts)).as(report).isEmpty();
  }

  /** The trials of this run by seed, in order: the control trial first, unless one is replayed. */
  private static Map<Long, TrialDamage> trials(StoreLayout layout, ForeignEnvironments foreign) {
    Map<Long, TrialDamage> trials = new LinkedHashMap<>();
    String replay = System.getProperty("pullgate.corruption.seed");
    if (replay != null) {
      long seed = Long.parseLong(replay.trim());
      trials.put(seed, TrialDamage.pick(seed, layout, foreign));
      return trials;
    }
    long runSeed =
        Long.getLong("pullgate.corruption.runSeed", System.currentTimeMillis() % 1_000_000_000L);
    int count =
        Integer.getInteger(
            "pullgate.corruption.trials", SuiteSize.pick(TRIALS_DEFAULT, TRIALS_SOAK));
    System.out.println("corruption suite: run seed " + runSeed + ", " + count + " trials");
    trials.put(0L, TrialDamage.none());
    for (int i = 1; i < count; i++) {
      long seed = runSeed * 100_003 + i;
      trials.put(seed, TrialDamage.pick(seed, layout, foreign));
    }
    return trials;
  }

  private static Map<Long, TrialVerdict> runBatch(
      List<Long> batch,
      Map<Long, TrialDamage> trials,
      Path template,
      Path errorFiles,
      CorruptionScenario scenario)
      throws IOException, InterruptedException {
    Path batchDir = Files.createTempDirectory(errorFiles.getParent(), "batch");
    Map<String, Path> dirs = new LinkedHashMap<>();
    for (long seed : batch) {
      Path dir = batchDir.resolve(Long.toString(seed));
      TrialDamage.copyFiles(template, dir);
      trials.get(seed).apply(dir);
      dirs.put(Long.toString(seed), dir);
    }
    Map<String, TrialChildren.Report> reports = new TrialChildren(errorFiles).run(dirs);
    Map<Long, TrialVerdict> verdicts = new LinkedHashMap<>();
    for (long seed : batch) {
      verdicts.put(
          seed,
          TrialVerdict.judge(
              reports.get(Long.toString(seed)),
              trials.get(seed),
              dirs.get(Long.toString(seed)),
              scenario.probes()));
    }
    delete(batchDir);
    return verdicts;
  }

  private static List<String> failures(
      Map<Long, TrialDamage> trials, Map<Long, TrialVerdict> verdicts) {
    List<String> failures = new ArrayList<>();
    verdicts.forEach(
        (seed, verdict) -> {
          if (!verdict.passed()) {
            failures.add(
                "seed "
                    + seed
                    + " ("
                    + trials.get(seed).description()
                    + "): "
                    + String.join("; ", verdict.breaches())
                    + "  [replay: -Dpullgate.corruption.seed="
                    + seed
                    + "]");
          }
        });
    return failures;
  }

  /** The figures of the run: outcomes by kind of damage, and every failing trial. */
  private static String report(
      Map<Long, TrialDamage> trials,
      Map<Long, TrialVerdict> verdicts,
      StoreLayout layout,
      long nanos) {
    Map<TrialDamage.Kind, int[]> table = new TreeMap<>();
    verdicts.forEach(
        (seed, verdict) -> {
          int[] row = table.computeIfAbsent(trials.get(seed).kind(), k -> new int[COLUMNS.length]);
          row[0]++;
          row[1] += verdict.open().equals(TrialVerdict.REFUSED) ? 1 : 0;
          row[2] += verdict.decisions().equals(TrialVerdict.EXACT) ? 1 : 0;
          row[3] += verdict.decisions().equals(TrialVerdict.FAILED_CLOSED) ? 1 : 0;
          row[4] += verdict.decisions().equals(TrialVerdict.WRONG_USE) ? 1 : 0;
          row[5] += verdict.crashed() ? 1 : 0;
          row[6] += verdict.verification().startsWith("damaged") ? 1 : 0;
          row[7] += verdict.repair().isEmpty() ? 0 : 1;
          row[8] += verdict.repair().startsWith("intact") ? 1 : 0;
          row[9] += verdict.passed() ? 0 : 1;
        });
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Corruption suite: %d trials in %.1f s; template data file %,d bytes (%d-byte pages)%n",
            verdicts.size(),
            nanos / 1e9,
            layout.fileBytes(),
            layout.pageSize()));
    out.append(String.format(Locale.ROOT, "  %-20s", "damage"));
    for (String column : COLUMNS) {
      out.append(String.format(Locale.ROOT, " %12s", column));
    }
    out.append('\n');
    int[] total = new int[COLUMNS.length];
    table.forEach(
        (kind, row) -> {
          out.append(String.format(Locale.ROOT, "  %-20s", kind.word()));
          for (int i = 0; i < row.length; i++) {
            out.append(String.format(Locale.ROOT, " %,12d", row[i]));
            total[i] += row[i];
          }
          out.append('\n');
        });
    out.append(String.format(Locale.ROOT, "  %-20s", "total"));
    for (int value : total) {
      out.append(String.format(Locale.ROOT, " %,12d", value));
    }
    out.append('\n');
    List<String> failures = failures(trials, verdicts);
    out.append(failures.isEmpty() ? "No failing trial.\n" : failures.size() + " failing trials:\n");
    failures.forEach(f -> out.append("  ").append(f).append('\n'));
    return out.toString();
  }

  /**
   * The columns of the figures: trials; opens refused; trials whose decisions all equal the
   * model's, that failed closed, or that made a wrong "use"; crashes and hangs; verifications that
   * found damage; repairs, and those that left the store intact; failing trials.
   */
  private static final String[] COLUMNS = {
    "trials",
    "refused",
    "exact",
    "fail-closed",
    "wrong use",
    "crashed",
    "verify: dmg",
    "repaired",
    "rep. intact",
    "FAILED"
  };

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
