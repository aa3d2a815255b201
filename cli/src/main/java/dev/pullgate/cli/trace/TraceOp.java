package dev.pullgate.cli.trace;

import dev.pullgate.DecisionReason;
import dev.pullgate.RuntimeImage;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One parsed line of a trace after its {@code config}: an engine call or an expectation, with the
 * line it came from. Credentials are already reduced to their hashes; no raw credential survives
 * parsing.
 */
public sealed interface TraceOp {

  /** The 1-based line of the trace this op came from. */
  int line();

  /** The op's name as the trace writes it. */
  String name();

  /** {@code clock}: exactly one of {@code now} and {@code advance} is non-null. */
  record Clock(int line, Instant now, Duration advance) implements TraceOp {
    @Override
    public String name() {
      return "clock";
    }
  }

  /** {@code intent}: {@code recordPullIntent(image)}. */
  record Intent(int line, String image) implements TraceOp {
    @Override
    public String name() {
      return "intent";
    }
  }

  /** {@code pulled}: {@code recordImagePulled}; null credentials mean unknown provenance. */
  record Pulled(int line, String image, String imageRef, PullCredentials credentials)
      implements TraceOp {
    @Override
    public String name() {
      return "pulled";
    }
  }

  /** {@code failed}: {@code recordImagePullFailed(image)}. */
  record Failed(int line, String image) implements TraceOp {
    @Override
    public String name() {
      return "failed";
    }
  }

  /**
   * {@code check}: {@code mustAttemptImagePull}. {@code expectPull} and {@code reason} are null
   * when the trace does not state them; when both are stated they agree.
   */
  record Check(
      int line,
      String image,
      String imageRef,
      List<SecretCredential> secrets,
      ServiceAccountCoordinates serviceAccount,
      Boolean expectPull,
      DecisionReason reason)
      implements TraceOp {
    @Override
    public String name() {
      return "check";
    }
  }

  /** {@code prune}: {@code pruneUnknownRecords}; a null {@code until} means the clock's time. */
  record Prune(int line, Set<String> keep, Instant until) implements TraceOp {
    @Override
    public String name() {
      return "prune";
    }
  }

  /** {@code restart}: reopen the engine on the same store, then reconcile with these images. */
  record Restart(int line, List<RuntimeImage> runtimeImages) implements TraceOp {
    @Override
    public String name() {
      return "restart";
    }
  }

  /**
   * {@code preloaded}: {@code recordPreloadedImages}, the images found on the node before any pull
   * (observed preloaded mode).
   */
  record Preloaded(int line, List<RuntimeImage> runtimeImages) implements TraceOp {
    @Override
    public String name() {
      return "preloaded";
    }
  }

  /**
   * {@code forget}: {@code forgetSecret}, {@code forgetServiceAccount} or {@code forgetNamespace}
   * of {@code value}; {@code expectRemoved} is null when the trace does not state it.
   */
  record Forget(int line, Forgotten what, String value, Integer expectRemoved) implements TraceOp {
    @Override
    public String name() {
      return "forget";
    }
  }

  /** What a {@code forget} names, by the field that names it. */
  enum Forgotten {
    SECRET("secretUid"),
    SERVICE_ACCOUNT("serviceAccountUid"),
    NAMESPACE("namespace");

    private final String field;

    Forgotten(String field) {
      this.field = field;
    }

    /** The trace field that names what is forgotten. */
    String field() {
      return field;
    }
  }

  /**
   * {@code expectRecord}; {@code imageNames} (the mapping's keys) and {@code preloadedNames} are
   * null when the trace does not state them.
   */
  record ExpectRecord(
      int line, String imageRef, boolean exists, Set<String> imageNames, Set<String> preloadedNames)
      implements TraceOp {
    @Override
    public String name() {
      return "expectRecord";
    }
  }

  /** {@code expectIntent}. */
  record ExpectIntent(int line, String image, boolean exists) implements TraceOp {
    @Override
    public String name() {
      return "expectIntent";
    }
  }
}
