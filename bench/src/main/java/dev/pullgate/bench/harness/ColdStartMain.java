package dev.pullgate.bench.harness;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.SecretCredential;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * The child JVM of a cold start: opens a store through an adapter as an agent would, answers one
 * decision, and prints one line of timings for {@link ColdStart} to read, as {@code name=value}
 * pairs: when {@code main} began and the process {@code end}ed (microseconds since the epoch), how
 * long the {@code open} and the first {@code decision} took (nanoseconds), the milliseconds the JVM
 * spent on classes during each ({@code open-classes}, {@code decision-classes}, -1 when unknown),
 * and the decision's {@code reason}.
 *
 * <p>Arguments: the adapter, the store's directory, then the probe: image, imageRef, and the pod's
 * secret as uid, namespace, name and credential hash (hex). The hash is a synthetic store's, never
 * a real credential's.
 */
public final class ColdStartMain {
  private ColdStartMain() {}

  /** Runs one cold start; exits 2 on bad arguments. */
  public static void main(String[] args) {
    long mainAt = epochMicros();
    if (args.length != 8) {
      System.err.println(
          "usage: ColdStartMain ADAPTER DIR IMAGE IMAGEREF SECRET-UID NAMESPACE NAME HASH");
      System.exit(2);
    }
    StoreAdapter adapter = StoreAdapter.fromId(args[0]);
    Path dir = Path.of(args[1]);
    SecretCredential secret =
        SecretCredential.of(args[4], args[5], args[6], CredentialHash.fromHex(args[7]));
    PodCredentials pod = PodCredentials.of(List.of(secret), null);

    long classesBefore = ClassLoadingTime.millis();
    long openStart = System.nanoTime();
    PullGate gate = adapter.opener(dir).open(PullGateConfig.defaults(), InstantSource.system());
    long openEnd = System.nanoTime();
    long classesOpened = ClassLoadingTime.millis();
    PullDecision decision = gate.mustAttemptImagePull(args[2], args[3], pod);
    long decisionEnd = System.nanoTime();
    long classesDecided = ClassLoadingTime.millis();
    long endAt = epochMicros();
    System.out.println(
        "main="
            + mainAt
            + " open="
            + (openEnd - openStart)
            + " open-classes="
            + difference(classesBefore, classesOpened)
            + " decision="
            + (decisionEnd - openEnd)
            + " decision-classes="
            + difference(classesOpened, classesDecided)
            + " end="
            + endAt
            + " reason="
            + decision.reason());
    System.out.flush();
    gate.close();
  }

  /** Microseconds since the epoch, by the wall clock that the parent also reads. */
  static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  private static long difference(long before, long after) {
    return before < 0 || after < 0 ? -1 : after - before;
  }
}
