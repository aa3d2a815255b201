package dev.pullgate.bench.simulate;

import dev.pullgate.bench.simulate.ImageCatalog.CatalogImage;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The namespaces of a simulated day and the credentials their pods pull with: one pull secret per
 * namespace (holding the team's shared credential or the namespace's own), or, for some namespaces,
 * a service account that a credential provider pulls with. Secrets rotate and are recreated as the
 * day goes on.
 *
 * <p>A namespace's credentials can pull its own team's private images; the registry refuses every
 * other team's. Public images need no credentials, so no pod credentials apply to them.
 */
final class Cluster {
  private static final String SECRET_NAME = "regcred";
  private static final String SERVICE_ACCOUNT_NAME = "image-puller";

  /** What a secret change did. */
  enum SecretChange {
    ROTATED,
    RECREATED,
    NONE
  }

  /** A registry credential; rotating it gives it a new password, hence a new hash. */
  private static final class Credential {
    private final String username;
    private CredentialHash hash;

    Credential(String username, SplittableRandom random) {
      this.username = username;
      rotate(random);
    }

    void rotate(SplittableRandom random) {
      String password = "pw-" + Long.toHexString(random.nextLong());
      hash = CredentialHash.of(new RegistryAuth(username, password, ""));
    }
  }

  /** A namespace, its team and what its pods pull with. */
  static final class Namespace {
    final String name;
    final int team;
    private final ServiceAccountCoordinates serviceAccount;
    private String secretUid;
    private Credential credential;

    private Namespace(
        String name,
        int team,
        ServiceAccountCoordinates serviceAccount,
        String secretUid,
        Credential credential) {
      this.name = name;
      this.team = team;
      this.serviceAccount = serviceAccount;
      this.secretUid = secretUid;
      this.credential = credential;
    }

    private SecretCredential secret() {
      return SecretCredential.of(secretUid, name, SECRET_NAME, credential.hash);
    }
  }

  private final List<Namespace> namespaces;
  private final List<Namespace> secretNamespaces;

  private Cluster(List<Namespace> namespaces) {
    this.namespaces = namespaces;
    this.secretNamespaces = namespaces.stream().filter(ns -> ns.serviceAccount == null).toList();
  }

  /** The namespaces that {@code scenario} describes, drawn from {@code random}. */
  static Cluster generate(NodeDayScenario scenario, SplittableRandom random) {
    List<Credential> teamCredentials = new ArrayList<>(scenario.teams());
    for (int t = 0; t < scenario.teams(); t++) {
      teamCredentials.add(new Credential("team-" + t + "-robot", random));
    }
    List<Namespace> namespaces = new ArrayList<>(scenario.namespaces());
    for (int i = 0; i < scenario.namespaces(); i++) {
      String name = "ns-" + i;
      int team = i % scenario.teams();
      if (random.nextDouble() < scenario.serviceAccountShare()) {
        ServiceAccountCoordinates account =
            new ServiceAccountCoordinates(uid(random), name, SERVICE_ACCOUNT_NAME);
        namespaces.add(new Namespace(name, team, account, null, null));
      } else {
        boolean shared = random.nextDouble() < scenario.sharedCredentialShare();
        Credential credential =
            shared ? teamCredentials.get(team) : new Credential(name + "-robot", random);
        namespaces.add(new Namespace(name, team, null, uid(random), credential));
      }
    }
    return new Cluster(List.copyOf(namespaces));
  }

  /** A namespace chosen uniformly. */
  Namespace pick(SplittableRandom random) {
    return namespaces.get(random.nextInt(namespaces.size()));
  }

  /** The credentials a pod in {@code ns} offers for {@code image}. */
  PodCredentials podCredentials(Namespace ns, CatalogImage image) {
    if (image.isPublic()) {
      return PodCredentials.none();
    }
    return ns.serviceAccount != null
        ? PodCredentials.of(List.of(), ns.serviceAccount)
        : PodCredentials.of(List.of(ns.secret()), null);
  }

  /** The credentials a pull of {@code image} by a pod in {@code ns} uses. */
  PullCredentials pullCredentials(Namespace ns, CatalogImage image) {
    if (image.isPublic()) {
      return PullCredentials.nodePodsAccessible();
    }
    return ns.serviceAccount != null
        ? PullCredentials.serviceAccount(ns.serviceAccount)
        : PullCredentials.secret(ns.secret());
  }

  /** Whether the registry lets a pod in {@code ns} pull {@code image}. */
  static boolean authorised(Namespace ns, CatalogImage image) {
    return image.isPublic() || image.team() == ns.team;
  }

  /**
   * Changes one namespace's secret: rotates its credential (a shared one for every namespace that
   * holds it) or, with probability {@code recreateShare}, recreates the secret under a new uid,
   * keeping its content half of the time.
   */
  SecretChange changeSecret(SplittableRandom random, double recreateShare) {
    if (secretNamespaces.isEmpty()) {
      return SecretChange.NONE;
    }
    Namespace ns = secretNamespaces.get(random.nextInt(secretNamespaces.size()));
    if (random.nextDouble() < recreateShare) {
      ns.secretUid = uid(random);
      if (random.nextBoolean()) {
        ns.credential = new Credential(ns.name + "-robot-" + ns.secretUid, random);
      }
      return SecretChange.RECREATED;
    }
    // A shared credential object is held by every namespace of the team that copies it, so
    // rotating it rotates all their secrets at once, as a secrets operator would.
    ns.credential.rotate(random);
    return SecretChange.ROTATED;
  }

  private static String uid(SplittableRandom random) {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}
