package dev.pullgate.jmh.workload;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCredential;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The records of a synthetic node, as pure functions of a record's number: what every benchmark
 * stores, looks up and compares, so that the engine and its floors see the same keys and inputs.
 *
 * <p>Record {@code r} of {@link #records()} is one imageRef pulled under one image name. Every
 * fourth record is a public image that every pod on the node may use; the others are private images
 * of a team's registry, each pulled with {@link #secretsPerImage()} secrets. Images are written as
 * pods write them: private ones with a tag or (one record in eight) a digest; public ones fully
 * qualified or as short Docker Hub names that normalise to {@code docker.io/library/…}. Preloaded
 * images are on the node with no record; their numbers are their own.
 *
 * <p>Secrets are one per namespace ({@code regcred}, with a uid), hashed with the kubelet's {@link
 * CredentialHash#of} as the simulated node day does; record {@code r} holds the secrets of {@code
 * secretsPerImage} consecutive namespaces starting at {@code r × secretsPerImage}, wrapping around
 * {@link #namespaces()}. Each namespace also has a rotated secret: same uid, namespace and name,
 * new password, new hash.
 *
 * <p>Nothing here is random at call time: every string comes from a 64-bit mix of the seed, a
 * stream and the number, so forks and reruns generate the same node and find the same stored
 * records. Bump {@link #VERSION} whenever what this class generates changes: built stores are
 * cached under it.
 */
public final class Workload {
  /** The version of what this class generates; part of every cached store's name. */
  public static final String VERSION = "w1";

  /** The seed of every benchmark's node. */
  public static final long SEED = 0x5EED_2535L;

  private static final String PRIVATE_REGISTRY = "registry.pullgate.test";
  private static final String PUBLIC_REGISTRY = "public.pullgate.test";
  private static final int TEAMS = 16;
  private static final int MIN_NAMESPACES = 1024;
  private static final int DIGEST_REFERENCE_ONE_IN = 8;

  private static final HexFormat HEX = HexFormat.of();

  private static final long IMAGE_REF = 1;
  private static final long PRELOADED_IMAGE_REF = 2;
  private static final long SECRET_UID = 3;
  private static final long PASSWORD = 4;
  private static final long ROTATED_PASSWORD = 5;
  private static final long IMAGE_DIGEST = 6;
  private static final long MATCHING_SECRET = 7;

  private final int records;
  private final int secretsPerImage;
  private final long seed;
  private final SecretCredential[] secrets;
  private final SecretCredential[] rotatedSecrets;
  private final PodCredentials[] pods;
  private final PodCredentials[] rotatedPods;

  private Workload(int records, int secretsPerImage, long seed) {
    if (records < 1) {
      throw new IllegalArgumentException("records must be positive, was " + records);
    }
    if (secretsPerImage < 1) {
      throw new IllegalArgumentException(
          "secretsPerImage must be positive, was " + secretsPerImage);
    }
    this.records = records;
    this.secretsPerImage = secretsPerImage;
    this.seed = seed;
    int namespaces = Math.max(MIN_NAMESPACES, secretsPerImage);
    this.secrets = new SecretCredential[namespaces];
    this.rotatedSecrets = new SecretCredential[namespaces];
    this.pods = new PodCredentials[namespaces];
    this.rotatedPods = new PodCredentials[namespaces];
    for (int k = 0; k < namespaces; k++) {
      String uid = new UUID(mix(SECRET_UID, k, 0), mix(SECRET_UID, k, 1)).toString();
      String namespace = "ns-" + k;
      String robot = namespace + "-robot";
      secrets[k] = SecretCredential.of(uid, namespace, "regcred", hash(robot, PASSWORD, k));
      rotatedSecrets[k] =
          SecretCredential.of(uid, namespace, "regcred", hash(robot, ROTATED_PASSWORD, k));
      pods[k] = PodCredentials.of(List.of(secrets[k]), null);
      rotatedPods[k] = PodCredentials.of(List.of(rotatedSecrets[k]), null);
    }
  }

  /** The node of {@code records} records with {@code secretsPerImage} secrets per private image. */
  public static Workload of(int records, int secretsPerImage) {
    return new Workload(records, secretsPerImage, SEED);
  }

  /** How many pulled records the node has. */
  public int records() {
    return records;
  }

  /** How many secrets each private image's record holds. */
  public int secretsPerImage() {
    return secretsPerImage;
  }

  /** How many namespaces (one secret each) the node's pods come from. */
  public int namespaces() {
    return secrets.length;
  }

  /** A name for this node's shape, for directories of built stores. */
  public String shape() {
    return VERSION + "-records=" + records + "-secrets=" + secretsPerImage + "-seed=" + seed;
  }

  /** Whether record {@code r} is a public image that every pod on the node may use. */
  public boolean isNodeAccessible(int r) {
    return r % 4 == 3;
  }

  /** The imageRef of record {@code r}: {@code sha256:} and 64 hex digits. */
  public String imageRef(int r) {
    return sha256(IMAGE_REF, r);
  }

  /** The image of record {@code r} as a pod writes it. */
  public String image(int r) {
    if (isNodeAccessible(r)) {
      return r % 8 == 3 ? "base-" + r + ":latest" : imageName(r) + ":1." + r % 10;
    }
    return r % DIGEST_REFERENCE_ONE_IN == 1
        ? imageName(r) + "@" + sha256(IMAGE_DIGEST, r)
        : imageName(r) + ":v" + (1 + r % 30);
  }

  /** The normalised image name of record {@code r}: the key of its credential mapping. */
  public String imageName(int r) {
    if (isNodeAccessible(r)) {
      return r % 8 == 3 ? "docker.io/library/base-" + r : PUBLIC_REGISTRY + "/lib/tool-" + r;
    }
    return PRIVATE_REGISTRY + "/team-" + r % TEAMS + "/app-" + r;
  }

  /**
   * The namespace of the {@code j}-th secret of private record {@code r}, {@code j <
   * secretsPerImage}; distinct for distinct {@code j}.
   */
  public int secretNamespace(int r, int j) {
    return (int) (((long) r * secretsPerImage + j) % secrets.length);
  }

  /** The namespace whose pods a benchmark sends to private record {@code r}: one of its secrets. */
  public int matchingNamespace(int r) {
    return secretNamespace(
        r, (int) Long.remainderUnsigned(mix(MATCHING_SECRET, r, 0), secretsPerImage));
  }

  /** The secret that namespace {@code k}'s pods hold, as records store it. */
  public SecretCredential secret(int k) {
    return secrets[k];
  }

  /** Namespace {@code k}'s secret after a rotation: same coordinates, new hash. */
  public SecretCredential rotatedSecret(int k) {
    return rotatedSecrets[k];
  }

  /** The credentials of a pod in namespace {@code k}; shared, built once. */
  public PodCredentials pod(int k) {
    return pods[k];
  }

  /** The credentials of a pod in namespace {@code k} after its secret rotated. */
  public PodCredentials rotatedPod(int k) {
    return rotatedPods[k];
  }

  /** How many preloaded images the node has: as many as public records. */
  public int preloadedImages() {
    return Math.max(1, records / 4);
  }

  /** The image of preloaded image {@code i}, which has no record and no intent. */
  public String preloadedImage(int i) {
    return preloadedImageName(i) + ":v1";
  }

  /** The normalised image name of preloaded image {@code i}. */
  public String preloadedImageName(int i) {
    return PRIVATE_REGISTRY + "/preloaded/base-" + i;
  }

  /** The imageRef of preloaded image {@code i}, which no record has. */
  public String preloadedImageRef(int i) {
    return sha256(PRELOADED_IMAGE_REF, i);
  }

  private CredentialHash hash(String username, long stream, int k) {
    String password = "pw-" + HEX.toHexDigits(mix(stream, k, 0));
    return CredentialHash.of(new RegistryAuth(username, password, ""));
  }

  private String sha256(long stream, int n) {
    StringBuilder hex = new StringBuilder(7 + 64).append("sha256:");
    for (int word = 0; word < 4; word++) {
      hex.append(HEX.toHexDigits(mix(stream, n, word)));
    }
    return hex.toString();
  }

  /** A 64-bit mix of the seed, a stream, a number and a word (SplitMix64's finaliser). */
  private long mix(long stream, long n, long word) {
    long z = seed + 0x9E3779B97F4A7C15L * (1 + (stream << 40 ^ n << 2 ^ word));
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
