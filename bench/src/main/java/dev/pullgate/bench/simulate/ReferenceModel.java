package dev.pullgate.bench.simulate;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullDecision;
import dev.pullgate.PullGateConfig.PreloadedMode;
import dev.pullgate.VerificationPolicy;
import dev.pullgate.bench.simulate.ImageCatalog.CatalogImage;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The simulation's oracle: a deliberately simple model of what the node has proven, kept beside the
 * engine and consulted on every decision.
 *
 * <p>For each image name it keeps every credential that legitimately pulled it, with the last time
 * a registry accepted it: the hashes and coordinates of secrets, the service accounts, and whether
 * an anonymous (public) pull did. A pod's credentials have "pulled" an image name when one of its
 * secrets has a stored hash or stored coordinates (a rotated secret), or its service account is
 * stored, accepted no longer ago than the scenario's credential maximum age. When such a pod is
 * granted by a secret match, what its secrets proved joins the model, dated at the acceptance it
 * matched, as the engine's merges do. The model also tracks which imageRefs have records, which
 * names were observed as preloaded (observed preloaded mode) and which image strings have stored
 * intents, the way ENGINE-SPEC §5 says the engine must, to judge the preloaded-images policy and to
 * compare the stores at the end.
 *
 * <p>The model never forgets a credential (pruning forgets records, not who may pull a name), and
 * keeps each credential's latest acceptance across every record, so it is more permissive than the
 * engine and never flags a correct decision.
 */
final class ReferenceModel {
  private final VerificationPolicy policy;
  private final PreloadedMode preloadedMode;
  private final long maxAgeMillis;
  private final Map<String, Grants> grantsByName = new HashMap<>();
  private final Set<String> recordRefs = new HashSet<>();
  private final Map<String, Set<String>> preloadedNamesByRef = new HashMap<>();
  private final Map<String, Integer> pullsInFlight = new HashMap<>();
  private final Map<String, CatalogImage> storedIntents = new HashMap<>();

  /**
   * The credentials that legitimately pulled one image name, each with the last time (millis since
   * the day's start) a registry accepted it.
   */
  private static final class Grants {
    boolean anonymous;
    final Map<CredentialHash, Long> hashes = new HashMap<>();
    final Map<SecretCoordinates, Long> secrets = new HashMap<>();
    final Map<ServiceAccountCoordinates, Long> accounts = new HashMap<>();
  }

  /**
   * A model of a day under {@code scenario}'s policy, preloaded mode and credential maximum age.
   */
  ReferenceModel(NodeDayScenario scenario) {
    this.policy = scenario.policy();
    this.preloadedMode = scenario.preloadedMode();
    this.maxAgeMillis = scenario.credentialMaxAge().toMillis();
  }

  /**
   * Observed preloaded mode: the agent reported {@code images}, on the node before any pull, as
   * preloaded under their names.
   */
  void preloadedObserved(Collection<CatalogImage> images) {
    for (CatalogImage image : images) {
      preloadedNamesByRef
          .computeIfAbsent(image.imageRef(), ref -> new HashSet<>())
          .add(image.imageName());
    }
  }

  /**
   * Whether telling the pod to use {@code image} at {@code nowMillis} is justified: the policy
   * needs no verification, or the pod's credentials (or a public pull) pulled the image name and
   * have not expired. Learns from a justified secret match.
   */
  boolean judge(CatalogImage image, PodCredentials pod, PullDecision decision, long nowMillis) {
    boolean byPolicy = policyAllows(image);
    long notBefore = maxAgeMillis == 0 ? Long.MIN_VALUE : nowMillis - maxAgeMillis;
    boolean byCredentials = credentialsPulled(image.imageName(), pod, notBefore);
    DecisionReason reason = decision.reason();
    if (byCredentials
        && (reason == DecisionReason.SECRET_HASH_MATCH
            || reason == DecisionReason.SECRET_COORDINATES_MATCH)) {
      learn(image.imageName(), pod.secrets());
    }
    return byPolicy || byCredentials;
  }

  void pullStarted(CatalogImage image) {
    pullsInFlight.merge(image.image(), 1, Integer::sum);
    storedIntents.put(image.image(), image);
  }

  /**
   * A pull ended at {@code nowMillis}; {@code credentials} is what it proved, or empty when it
   * failed.
   */
  void pullEnded(CatalogImage image, Optional<PullCredentials> credentials, long nowMillis) {
    int inFlight = pullsInFlight.getOrDefault(image.image(), 0);
    if (inFlight <= 1) {
      pullsInFlight.remove(image.image());
      storedIntents.remove(image.image());
    } else {
      pullsInFlight.put(image.image(), inFlight - 1);
    }
    credentials.ifPresent(c -> recordPull(image, c, nowMillis));
  }

  /**
   * The agent restarted: in-flight counts are gone, and every stored intent for an image string the
   * runtime lists becomes a record of that image's imageRef.
   *
   * @param imageRefByReference the runtime's tags and digests, each with its imageRef
   * @return how many intents became records
   */
  int restarted(Map<String, String> imageRefByReference) {
    pullsInFlight.clear();
    int reconciled = 0;
    for (Iterator<CatalogImage> it = storedIntents.values().iterator(); it.hasNext(); ) {
      CatalogImage image = it.next();
      String imageRef = imageRefByReference.get(image.image());
      if (imageRef != null) {
        recordRefs.add(imageRef);
        endPreloaded(imageRef, image.imageName());
        it.remove();
        reconciled++;
      }
    }
    return reconciled;
  }

  /** Garbage collection removed these images; returns how many records pruning should delete. */
  int removed(List<CatalogImage> images) {
    int withRecords = 0;
    for (CatalogImage image : images) {
      boolean pulled = recordRefs.remove(image.imageRef());
      boolean preloaded = preloadedNamesByRef.remove(image.imageRef()) != null;
      if (pulled || preloaded) {
        withRecords++;
      }
    }
    return withRecords;
  }

  /** Whether the store should hold a record for {@code imageRef}: pulled, or observed preloaded. */
  boolean hasRecord(String imageRef) {
    return recordRefs.contains(imageRef) || preloadedNamesByRef.containsKey(imageRef);
  }

  boolean hasIntent(String image) {
    return storedIntents.containsKey(image);
  }

  private boolean policyAllows(CatalogImage image) {
    return switch (policy) {
      case NEVER_VERIFY -> true;
      case NEVER_VERIFY_PRELOADED_IMAGES -> isPreloaded(image);
      case NEVER_VERIFY_ALLOWLISTED_IMAGES -> image.isPublic();
      case ALWAYS_VERIFY -> false;
    };
  }

  /**
   * Whether {@code image} is preloaded: no intent for it, and no record of its imageRef (inferred
   * mode) or its name observed as preloaded for its imageRef (observed mode).
   */
  private boolean isPreloaded(CatalogImage image) {
    if (storedIntents.containsKey(image.image())) {
      return false;
    }
    if (preloadedMode == PreloadedMode.INFERRED) {
      return !recordRefs.contains(image.imageRef());
    }
    Set<String> names = preloadedNamesByRef.get(image.imageRef());
    return names != null && names.contains(image.imageName());
  }

  private boolean credentialsPulled(String imageName, PodCredentials pod, long notBefore) {
    Grants grants = grantsByName.get(imageName);
    if (grants == null) {
      return false;
    }
    if (grants.anonymous) {
      return true;
    }
    for (SecretCredential secret : pod.secrets()) {
      if (acceptedSince(grants.hashes.get(secret.hash()), notBefore)
          || acceptedSince(grants.secrets.get(secret.coordinates()), notBefore)) {
        return true;
      }
    }
    return pod.serviceAccount()
        .map(account -> acceptedSince(grants.accounts.get(account), notBefore))
        .orElse(false);
  }

  /** Whether a credential accepted at {@code acceptedAt} (null: never) still grants. */
  private static boolean acceptedSince(Long acceptedAt, long notBefore) {
    return acceptedAt != null && acceptedAt >= notBefore;
  }

  /**
   * What a secret match teaches: the coordinates of a secret whose hash is known join, dated at the
   * hash's acceptance; the new hash of a secret whose coordinates are known (a rotation) joins,
   * dated at the coordinates' acceptance. Neither renews anything.
   */
  private void learn(String imageName, List<SecretCredential> podSecrets) {
    Grants grants = grantsByName.get(imageName);
    for (SecretCredential secret : podSecrets) {
      Long hashAccepted = grants.hashes.get(secret.hash());
      Long coordinatesAccepted = grants.secrets.get(secret.coordinates());
      if (hashAccepted != null) {
        grants.secrets.merge(secret.coordinates(), hashAccepted, Math::max);
      } else if (coordinatesAccepted != null) {
        grants.hashes.merge(secret.hash(), coordinatesAccepted, Math::max);
      }
    }
  }

  private void recordPull(CatalogImage image, PullCredentials credentials, long nowMillis) {
    recordRefs.add(image.imageRef());
    endPreloaded(image.imageRef(), image.imageName());
    Grants grants = grantsByName.computeIfAbsent(image.imageName(), name -> new Grants());
    if (credentials instanceof PullCredentials.Secret s) {
      grants.hashes.merge(s.secret().hash(), nowMillis, Math::max);
      grants.secrets.merge(s.secret().coordinates(), nowMillis, Math::max);
    } else if (credentials instanceof PullCredentials.ServiceAccount a) {
      grants.accounts.merge(a.serviceAccount(), nowMillis, Math::max);
    } else {
      grants.anonymous = true;
    }
  }

  /** A pull of {@code imageName} onto {@code imageRef} ends the name's preloaded status there. */
  private void endPreloaded(String imageRef, String imageName) {
    Set<String> names = preloadedNamesByRef.get(imageRef);
    if (names != null) {
      names.remove(imageName);
      if (names.isEmpty()) {
        preloadedNamesByRef.remove(imageRef);
      }
    }
  }
}
