package dev.pullgate.store.lmdb;

import dev.pullgate.DecisionReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one corruption trial's report means, judged against the scenario's model: how the open
 * ended, how the decisions compare with the model's, what verification said, and every breach of
 * the suite's rules.
 *
 * <p>The rules: an open may refuse, with a message that names the damaged file; decisions must
 * equal the model's or be pulls (failing closed); no decision may be a "use" the model does not
 * make, before a repair or after it; the deciding process must not crash, hang or throw;
 * verification must end with a verdict, and a verdict of intact must come with decisions that all
 * equal the model's (unless the store is marked damaged, which fails decisions closed by itself).
 *
 * @param open {@code refused}, {@code opened} or how the child ended in the open
 * @param decisions {@code exact}, {@code failed closed}, {@code wrong use} or empty when none ran
 * @param verification {@code intact}, {@code damaged}, {@code refused} or what ended it
 * @param repair empty when the store was not repaired; else its outcome and how the decisions after
 *     it compare with the model's
 * @param breaches every rule the trial broke; empty when it passed
 */
record TrialVerdict(
    String open, String decisions, String verification, String repair, List<String> breaches) {
  static final String REFUSED = "refused";
  static final String OPENED = "opened";
  static final String EXACT = "exact";
  static final String FAILED_CLOSED = "failed closed";
  static final String WRONG_USE = "wrong use";
  static final String CRASHED = "crashed";

  boolean passed() {
    return breaches.isEmpty();
  }

  /** Whether a child JVM died or hung in this trial. */
  boolean crashed() {
    return CRASHED.equals(open)
        || CRASHED.equals(decisions)
        || CRASHED.equals(verification)
        || CRASHED.equals(repair);
  }

  /** Judges {@code report} of a trial in {@code dir} that suffered {@code damage}. */
  static TrialVerdict judge(
      TrialChildren.Report report,
      TrialDamage damage,
      Path dir,
      List<CorruptionScenario.Probe> probes) {
    List<String> breaches = new ArrayList<>();
    String open = "";
    String decisions = "";
    String verification = "";
    String repair = "";
    boolean differs = false;
    for (String line : report.lines()) {
      String[] words = line.split(" ", 4);
      switch (words[0]) {
        case "refused" -> {
          open = REFUSED;
          String message = words.length > 3 ? words[3] : "";
          if (!namesDamage(message, damage, dir)) {
            breaches.add("the refusal names none of " + damage.named() + ": " + message);
          }
          if (damage.kind() == TrialDamage.Kind.NONE) {
            breaches.add("the intact store was refused: " + message);
          }
        }
        case "decided" -> {
          open = OPENED;
          String[] reasons = words[3].split(",");
          Comparison comparison = compare(reasons, probes, breaches);
          decisions = comparison.word;
          differs = comparison.differs;
          if (damage.kind() == TrialDamage.Kind.NONE && differs) {
            breaches.add("decisions on the intact store differ from the model");
          }
        }
        case "verified" -> {
          verification = words[2];
          if (verification.equals("intact") && differs && !line.endsWith(" marked")) {
            breaches.add("verification says intact, but decisions differ from the model");
          }
        }
        case "repaired" -> {
          repair = words[2];
          if (words[2].equals("intact") && line.contains(" marked")) {
            breaches.add("the repair left an intact store marked damaged: " + line);
          }
          if (words[2].equals("damaged") && !line.contains(" marked")) {
            breaches.add("the repair left damage but cleared the mark: " + line);
          }
        }
        case "redecided" -> {
          List<String> after = new ArrayList<>();
          Comparison comparison = compare(words[3].split(","), probes, after);
          after.forEach(b -> breaches.add("after the repair, " + b));
          repair += ", " + comparison.word;
        }
        case "threw" -> breaches.add("threw in " + words[2] + ": " + line.substring(6));
        default -> {
          // start, phase and done lines carry no verdict.
        }
      }
    }
    if (report.failure() != null) {
      String phase = report.phase();
      breaches.add(report.failure() + " (in step " + phase + ")");
      if (phase.equals("open")) {
        open = CRASHED;
      } else if (phase.equals("verify")) {
        verification = CRASHED;
      } else if (phase.equals("repair") || phase.equals("reopen")) {
        repair = CRASHED;
      } else {
        decisions = CRASHED;
      }
    } else if (verification.isEmpty()) {
      breaches.add("verification ended without a verdict");
    }
    return new TrialVerdict(open, decisions, verification, repair, List.copyOf(breaches));
  }

  private record Comparison(String word, boolean differs) {}

  private static Comparison compare(
      String[] reasons, List<CorruptionScenario.Probe> probes, List<String> breaches) {
    if (reasons.length != probes.size()) {
      breaches.add(reasons.length + " decisions reported for " + probes.size() + " probes");
      return new Comparison(WRONG_USE, true);
    }
    boolean differs = false;
    boolean wrong = false;
    for (int i = 0; i < reasons.length; i++) {
      DecisionReason got = DecisionReason.valueOf(reasons[i]);
      CorruptionScenario.Probe probe = probes.get(i);
      if (sameOutcome(got, probe.expected())) {
        continue;
      }
      differs = true;
      if (!got.mustAttemptPull()) {
        wrong = true;
        breaches.add("wrong use: " + got + " for probe " + i + " (" + probe.describe() + ")");
      }
    }
    return new Comparison(wrong ? WRONG_USE : differs ? FAILED_CLOSED : EXACT, differs);
  }

  /**
   * Whether {@code got} is the model's decision {@code expected}: the same reason, or both a match
   * of the pod's secret, by its hash or by its coordinates. The two swap once a decision that
   * matched by coordinates stores the rotated hash (a merge the first round of decisions makes).
   */
  private static boolean sameOutcome(DecisionReason got, DecisionReason expected) {
    return got == expected || (SECRET_MATCHES.contains(got) && SECRET_MATCHES.contains(expected));
  }

  private static final Set<DecisionReason> SECRET_MATCHES =
      EnumSet.of(DecisionReason.SECRET_HASH_MATCH, DecisionReason.SECRET_COORDINATES_MATCH);

  private static boolean namesDamage(String message, TrialDamage damage, Path dir) {
    for (String name : damage.named()) {
      String expected = name.equals(ForeignEnvironments.DIRECTORY) ? real(dir) : name;
      if (message.contains(expected)) {
        return true;
      }
    }
    return false;
  }

  private static String real(Path dir) {
    try {
      return dir.toRealPath().toString();
    } catch (java.io.IOException e) {
      return dir.toString();
    }
  }
}
