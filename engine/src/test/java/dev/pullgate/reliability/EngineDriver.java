package dev.pullgate.reliability;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.RuntimeImage;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * Applies {@link Op}s to a real engine and writes each outcome as the {@link ReferenceModel} does:
 * {@code ok}, {@code n=COUNT}, a decision's reason (with {@code asked} or {@code not asked} for a
 * lazy pod), or {@code threw} and the exception's type.
 */
final class EngineDriver implements AutoCloseable {
  private final PullGateConfig config;
  private final InstantSource clock;
  private final LongConsumer advance;
  private PullGate gate;

  /**
   * A driver of the engine that {@code config} describes, opened now with {@code clock}; {@code
   * advance} moves that clock by the milliseconds of an {@link Op.Advance}.
   */
  EngineDriver(PullGateConfig config, InstantSource clock, LongConsumer advance) {
    this.config = config;
    this.clock = clock;
    this.advance = advance;
    this.gate = PullGate.open(config, clock);
  }

  /**
   * A driver of {@code gate}, which the caller opened (a restart is refused); {@code advance} moves
   * its clock for an {@link Op.Advance}.
   */
  EngineDriver(PullGate gate, InstantSource clock, LongConsumer advance) {
    this.config = null;
    this.clock = clock;
    this.advance = advance;
    this.gate = gate;
  }

  PullGate gate() {
    return gate;
  }

  /** Applies {@code op} and returns its outcome. */
  String apply(Op op) {
    try {
      return run(op);
    } catch (IllegalArgumentException e) {
      return ReferenceModel.REFUSED;
    } catch (RuntimeException e) {
      return "threw " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private String run(Op op) {
    if (op instanceof Op.PullIntent o) {
      gate.recordPullIntent(o.image());
    } else if (op instanceof Op.Pulled o) {
      gate.recordImagePulled(o.image(), o.imageRef(), pullCredentials(o.cred()));
    } else if (op instanceof Op.PullFailed o) {
      gate.recordImagePullFailed(o.image());
    } else if (op instanceof Op.Decide o) {
      return decide(o);
    } else if (op instanceof Op.Burst o) {
      for (Op.Decide decision : o.decisions()) {
        decide(decision);
      }
      gate.flush();
    } else if (op instanceof Op.Reconcile o) {
      return "n=" + gate.reconcile(runtimeImages(o.images()));
    } else if (op instanceof Op.Preloaded o) {
      return "n=" + gate.recordPreloadedImages(runtimeImages(o.images()));
    } else if (op instanceof Op.Prune o) {
      return "n=" + gate.pruneUnknownRecords(o.keep(), clock.instant().plusMillis(o.untilOffset()));
    } else if (op instanceof Op.ForgetSecret o) {
      return "n=" + gate.forgetSecret(o.uid());
    } else if (op instanceof Op.ForgetAccount o) {
      return "n=" + gate.forgetServiceAccount(o.uid());
    } else if (op instanceof Op.ForgetNamespace o) {
      return "n=" + gate.forgetNamespace(o.namespace());
    } else if (op instanceof Op.Import o) {
      return "n=" + gate.importRecords(importedRecords(o.records(), clock.instant()), o.images());
    } else if (op instanceof Op.Advance o) {
      advance.accept(o.millis());
    } else if (op instanceof Op.Flush) {
      gate.flush();
    } else if (op instanceof Op.Restart) {
      if (config == null) {
        throw new IllegalStateException("this driver cannot reopen the engine it was given");
      }
      gate.close();
      gate = PullGate.open(config, clock);
    }
    return "ok";
  }

  /** Decides, and writes the reason; a lazy pod also says whether the engine asked it. */
  String decide(Op.Decide o) {
    AtomicBoolean asked = new AtomicBoolean();
    PullDecision decision =
        gate.mustAttemptImagePull(o.image(), o.imageRef(), podCredentials(o.pod(), asked));
    return ReferenceModel.outcome(o, decision.reason(), asked.get());
  }

  @Override
  public void close() {
    gate.close();
  }

  // Conversions from the plain data of an Op to the engine's API types.

  static PodCredentials podCredentials(Op.Pod pod, AtomicBoolean asked) {
    List<SecretCredential> secrets = new ArrayList<>();
    for (Op.Sec s : pod.secrets()) {
      secrets.add(secretCredential(s));
    }
    ServiceAccountCoordinates account =
        pod.account() == null ? null : accountCoordinates(pod.account());
    if (pod.lookup() == Op.Lookup.FIXED) {
      return PodCredentials.of(secrets, account);
    }
    boolean throwing = pod.lookup() == Op.Lookup.THROWING;
    return new PodCredentials() {
      @Override
      public List<SecretCredential> secrets() {
        asked.set(true);
        if (throwing) {
          throw new IllegalStateException("the pod's secrets could not be read");
        }
        return secrets;
      }

      @Override
      public Optional<ServiceAccountCoordinates> serviceAccount() {
        asked.set(true);
        return Optional.ofNullable(account);
      }
    };
  }

  static PullCredentials pullCredentials(Op.Cred cred) {
    if (cred == null) {
      return null;
    } else if (cred instanceof Op.SecretCred s) {
      return PullCredentials.secret(secretCredential(s.secret()));
    } else if (cred instanceof Op.AccountCred a) {
      return PullCredentials.serviceAccount(accountCoordinates(a.account()));
    }
    return PullCredentials.nodePodsAccessible();
  }

  static SecretCredential secretCredential(Op.Sec s) {
    return new SecretCredential(
        new SecretCoordinates(s.uid(), s.namespace(), s.name()),
        s.hash().isEmpty() ? CredentialHash.EMPTY : CredentialHash.fromHex(s.hash()));
  }

  static ServiceAccountCoordinates accountCoordinates(Op.Acct a) {
    return new ServiceAccountCoordinates(a.uid(), a.namespace(), a.name());
  }

  static List<RuntimeImage> runtimeImages(List<Op.Runtime> images) {
    List<RuntimeImage> runtime = new ArrayList<>();
    for (Op.Runtime image : images) {
      runtime.add(new RuntimeImage(image.id(), image.tags(), image.digests()));
    }
    return runtime;
  }

  /** The records of an import, dated relative to {@code now}; hashes as the kubelet has them. */
  static List<PulledRecord> importedRecords(List<Op.ImportedRecord> records, Instant now) {
    List<PulledRecord> pulled = new ArrayList<>(records.size());
    for (Op.ImportedRecord r : records) {
      TreeMap<String, CredentialSet> mapping = new TreeMap<>();
      r.mapping()
          .forEach(
              (name, entry) -> {
                if (entry.nodeAccessible()) {
                  mapping.put(name, CredentialSet.nodePodsAccessible());
                  return;
                }
                List<CredentialSet.Secret> secrets = new ArrayList<>();
                for (Op.ImportedSecret s : entry.secrets()) {
                  SecretCredential credential = secretCredential(s.secret());
                  secrets.add(
                      new CredentialSet.Secret(
                          credential.coordinates(),
                          credential.hash(),
                          now.minusMillis(s.acceptedAgo())));
                }
                List<CredentialSet.ServiceAccount> accounts = new ArrayList<>();
                for (Op.ImportedAccount a : entry.accounts()) {
                  accounts.add(
                      new CredentialSet.ServiceAccount(
                          accountCoordinates(a.account()), now.minusMillis(a.acceptedAgo())));
                }
                mapping.put(name, CredentialSet.of(secrets, accounts));
              });
      pulled.add(
          new PulledRecord(
              r.imageRef(),
              now.minusMillis(r.updatedAgo()),
              r.pulledByNode(),
              mapping,
              new TreeSet<>(r.preloaded())));
    }
    return pulled;
  }
}
