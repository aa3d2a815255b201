package dev.pullgate.bench.harness;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The images and namespaces of a synthetic node, each a pure function of its number and the seed,
 * so that a store of any size is built in batches and every run of a seed sees the same node.
 *
 * <p>Image {@code i} of {@link #images()} has one imageRef and one record. One image in four is
 * public (any pod on the node may use it): a fully qualified name or a short Docker Hub name that
 * normalises to {@code docker.io/library/…}. The others are private images of one of {@value
 * #TEAMS} teams, written with a tag or (one in eight) a digest, and their records hold the pull
 * secrets of the team's {@value #NAMESPACES_PER_TEAM} namespaces. Namespace {@code k} belongs to
 * team {@code k % TEAMS} and holds one secret, {@code regcred}, whose credential changes with each
 * rotation (its version) while its uid, namespace and name stay.
 */
public final class SyntheticCatalog {
  /** How many teams own private images. */
  public static final int TEAMS = 16;

  /** How many namespaces each team has. */
  public static final int NAMESPACES_PER_TEAM = 4;

  /** How many namespaces the node's pods come from. */
  public static final int NAMESPACES = TEAMS * NAMESPACES_PER_TEAM;

  /** When every record of a built store was last updated. */
  public static final Instant BUILT_AT = Instant.parse("2025-06-01T00:00:00Z");

  private static final String PRIVATE_REGISTRY = "registry.pullgate.test";
  private static final String PUBLIC_REGISTRY = "public.pullgate.test";
  private static final String SECRET_NAME = "regcred";
  private static final HexFormat HEX = HexFormat.of();

  private static final long PUBLIC = 1;
  private static final long TEAM = 2;
  private static final long IMAGE_REF = 3;
  private static final long DIGEST = 4;
  private static final long SECRET_UID = 5;
  private static final long PASSWORD = 6;

  private final long seed;
  private final int images;

  /**
   * The catalog of {@code images} images drawn from {@code seed}.
   *
   * @throws IllegalArgumentException when {@code images} is not positive
   */
  public SyntheticCatalog(long seed, int images) {
    if (images < 1) {
      throw new IllegalArgumentException("images must be positive, was " + images);
    }
    this.seed = seed;
    this.images = images;
  }

  /** How many images the catalog has. */
  public int images() {
    return images;
  }

  /** Whether image {@code i} is public: any pod on the node may use it. */
  public boolean isPublic(int i) {
    return Long.remainderUnsigned(mix(PUBLIC, i, 0), 4) == 0;
  }

  /** The team that owns private image {@code i}, or -1 for a public image. */
  public int team(int i) {
    return isPublic(i) ? -1 : (int) Long.remainderUnsigned(mix(TEAM, i, 0), TEAMS);
  }

  /** The imageRef of image {@code i}: {@code sha256:} and 64 hex digits. */
  public String imageRef(int i) {
    return sha256(IMAGE_REF, i);
  }

  /** Image {@code i} as a pod spec writes it. */
  public String image(int i) {
    if (isPublic(i)) {
      return i % 2 == 0 ? "base-" + i + ":latest" : imageName(i) + ":1." + i % 10;
    }
    return Long.remainderUnsigned(mix(DIGEST, i, 4), 8) == 0
        ? imageName(i) + "@" + sha256(DIGEST, i)
        : imageName(i) + ":v" + (1 + i % 30);
  }

  /** The normalised name of image {@code i}: the key of its record's credential mapping. */
  public String imageName(int i) {
    if (isPublic(i)) {
      return i % 2 == 0 ? "docker.io/library/base-" + i : PUBLIC_REGISTRY + "/lib/tool-" + i;
    }
    return PRIVATE_REGISTRY + "/team-" + team(i) + "/app-" + i;
  }

  /**
   * The record of image {@code i} in a newly built store: public images usable by every pod,
   * private ones by the first secrets of their team's namespaces.
   */
  public PulledRecord record(int i) {
    CredentialSet credentials;
    if (isPublic(i)) {
      credentials = CredentialSet.nodePodsAccessible();
    } else {
      List<CredentialSet.Secret> secrets = new ArrayList<>(NAMESPACES_PER_TEAM);
      for (int j = 0; j < NAMESPACES_PER_TEAM; j++) {
        secrets.add(CredentialSet.Secret.of(secret(namespaceOf(team(i), j), 0), BUILT_AT));
      }
      credentials = CredentialSet.of(secrets, List.of());
    }
    return new PulledRecord(imageRef(i), BUILT_AT, Map.of(imageName(i), credentials));
  }

  /** The first private image: a record that a pod of its team's first namespace may use. */
  public int firstPrivateImage() {
    for (int i = 0; i < images; i++) {
      if (!isPublic(i)) {
        return i;
      }
    }
    throw new IllegalStateException("a catalog of " + images + " images has no private image");
  }

  /** The team of namespace {@code namespace}. */
  public static int teamOf(int namespace) {
    return namespace % TEAMS;
  }

  /** Namespace {@code j} of {@code team}'s {@value #NAMESPACES_PER_TEAM}. */
  public static int namespaceOf(int team, int j) {
    return team + TEAMS * j;
  }

  /**
   * The secret of namespace {@code namespace} after {@code version} rotations, its hash computed as
   * the kubelet computes it from a registry credential.
   */
  public SecretCredential secret(int namespace, int version) {
    String uid = new UUID(mix(SECRET_UID, namespace, 0), mix(SECRET_UID, namespace, 1)).toString();
    String name = "ns-" + namespace;
    String password = "pw-" + HEX.toHexDigits(mix(PASSWORD, namespace, version));
    CredentialHash hash = CredentialHash.of(new RegistryAuth(name + "-robot", password, ""));
    return SecretCredential.of(uid, name, SECRET_NAME, hash);
  }

  private String sha256(long stream, int n) {
    StringBuilder hex = new StringBuilder(7 + 64).append("sha256:");
    for (int word = 0; word < 4; word++) {
      hex.append(HEX.toHexDigits(mix(stream, n, word)));
    }
    return hex.toString();
  }

  /** 64 well-mixed bits of the seed, a stream, a number and a word. */
  private long mix(long stream, long n, long word) {
    return finish(finish(finish(seed ^ stream * 0x9E3779B97F4A7C15L) ^ n) ^ word);
  }

  /** SplitMix64's finaliser: a bijection of 64 bits that spreads every input bit. */
  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
