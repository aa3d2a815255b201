package dev.pullgate.bench.simulate;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullDecision;
import dev.pullgate.VerificationPolicy;
import dev.pullgate.bench.simulate.ImageCatalog.CatalogImage;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
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
 * <p>For each image name it keeps every credential that legitimately pulled it: the hashes and
 * coordinates of secrets, the service accounts, and whether an anonymous (public) pull did. A pod's
 * credentials have "pulled" an image name when one of its secrets has a stored hash or stored
 * coordinates (a rotated secret), or its service account is stored. When such a pod is granted by a
 * secret match, what its secrets proved joins the model, as the engine's merges do. The model also
 * tracks which imageRefs have records and which image strings have stored intents, the way
 * ENGINE-SPEC §5 says the engine must, to judge the preloaded-images policy and to compare the
 * stores at the end.
 *
 * <p>The model never forgets a credential (pruning forgets records, not who may pull a name), so it
 * is more permissive than the engine and never flags a correct decision.
 */
final class ReferenceModel {
  private final VerificationPolicy policy;
  private final Map<String, Grants> grantsByName = new HashMap<>();
  private final Set<String> recordRefs = new HashSet<>();
  private final Map<String, Integer> pullsInFlight = new HashMap<>();
  private final Set<String> storedIntents = new HashSet<>();

  /** The credentials that legitimately pulled one image name. */
  private static final class Grants {
    boolean anonymous;
    final Set<CredentialHash> hashes = new HashSet<>();
    final Set<SecretCoordinates> secrets = new HashSet<>();
    final Set<ServiceAccountCoordinates> accounts = new HashSet<>();
  }

  ReferenceModel(VerificationPolicy policy) {
    this.policy = policy;
  }

  /**
   * Whether telling the pod to use {@code image} is justified: the policy needs no verification, or
   * the pod's credentials (or a public pull) pulled the image name. Learns from a justified secret
   * match.
   */
  boolean judge(CatalogImage image, PodCredentials pod, PullDecision decision) {
    boolean byPolicy = policyAllows(image);
    boolean byCredentials = credentialsPulled(image.imageName(), pod);
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
    storedIntents.add(image.image());
  }

  /** A pull ended; {@code credentials} is what it proved, or empty when it failed. */
  void pullEnded(CatalogImage image, Optional<PullCredentials> credentials) {
    int inFlight = pullsInFlight.getOrDefault(image.image(), 0);
    if (inFlight <= 1) {
      pullsInFlight.remove(image.image());
      storedIntents.remove(image.image());
    } else {
      pullsInFlight.put(image.image(), inFlight - 1);
    }
    credentials.ifPresent(c -> recordPull(image, c));
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
    for (Iterator<String> it = storedIntents.iterator(); it.hasNext(); ) {
      String imageRef = imageRefByReference.get(it.next());
      if (imageRef != null) {
        recordRefs.add(imageRef);
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
      if (recordRefs.remove(image.imageRef())) {
        withRecords++;
      }
    }
    return withRecords;
  }

  boolean hasRecord(String imageRef) {
    return recordRefs.contains(imageRef);
  }

  boolean hasIntent(String image) {
    return storedIntents.contains(image);
  }

  private boolean policyAllows(CatalogImage image) {
    return switch (policy) {
      case NEVER_VERIFY -> true;
      case NEVER_VERIFY_PRELOADED_IMAGES ->
          !recordRefs.contains(image.imageRef()) && !storedIntents.contains(image.image());
      case NEVER_VERIFY_ALLOWLISTED_IMAGES -> image.isPublic();
      case ALWAYS_VERIFY -> false;
    };
  }

  private boolean credentialsPulled(String imageName, PodCredentials pod) {
    Grants grants = grantsByName.get(imageName);
    if (grants == null) {
      return false;
    }
    if (grants.anonymous) {
      return true;
    }
    for (SecretCredential secret : pod.secrets()) {
      if (grants.hashes.contains(secret.hash()) || grants.secrets.contains(secret.coordinates())) {
        return true;
      }
    }
    return pod.serviceAccount().map(grants.accounts::contains).orElse(false);
  }

  private void learn(String imageName, List<SecretCredential> podSecrets) {
    Grants grants = grantsByName.get(imageName);
    for (SecretCredential secret : podSecrets) {
      if (grants.hashes.contains(secret.hash())) {
        grants.secrets.add(secret.coordinates());
      } else if (grants.secrets.contains(secret.coordinates())) {
        grants.hashes.add(secret.hash());
      }
    }
  }

  private void recordPull(CatalogImage image, PullCredentials credentials) {
    recordRefs.add(image.imageRef());
    Grants grants = grantsByName.computeIfAbsent(image.imageName(), name -> new Grants());
    if (credentials instanceof PullCredentials.Secret s) {
      grants.hashes.add(s.secret().hash());
      grants.secrets.add(s.secret().coordinates());
    } else if (credentials instanceof PullCredentials.ServiceAccount a) {
      grants.accounts.add(a.serviceAccount());
    } else {
      grants.anonymous = true;
    }
  }
}
