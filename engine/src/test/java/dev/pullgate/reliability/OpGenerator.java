package dev.pullgate.reliability;

import dev.pullgate.reliability.Op.Acct;
import dev.pullgate.reliability.Op.Sec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws random {@link Op}s from the {@link Universe}, skewed so that operations keep meeting the
 * same records: most pods present a secret's usual hash, some a rotated one, some another secret's
 * (the same credentials in another namespace). Only valid inputs most of the time, invalid ones now
 * and then.
 */
final class OpGenerator {
  /** Which suite the operations are for. */
  enum Flavour {
    /** Single decisions, clock steps and restarts; small imports. */
    DIFFERENTIAL,
    /**
     * Decisions in bursts on distinct imageRefs, each burst ending with {@code flush()} (so that
     * merges are pending while it runs); large imports into many imageRefs; no clock steps (the
     * crash workload dates each operation) and no restarts (the kill is the restart).
     */
    CRASH
  }

  /** How many imageRefs large crash imports spread over. */
  static final int BULK_REFS = 6_000;

  private static final long MINUTE = 60_000;

  private final Flavour flavour;
  private final SplittableRandom random;
  private final List<Op.Pulled> recentPulls = new ArrayList<>();

  OpGenerator(Flavour flavour, SplittableRandom random) {
    this.flavour = flavour;
    this.random = random;
  }

  /** The crash workload's operation number {@code index} of the run with {@code seed}. */
  static Op crashOp(long seed, long index) {
    long mixed = new SplittableRandom(seed).split().nextLong() ^ (index * 0x9E3779B97F4A7C15L);
    return new OpGenerator(Flavour.CRASH, new SplittableRandom(mixed)).next();
  }

  /** The imageRef of bulk record {@code i}. */
  static String bulkRef(int i) {
    return "sha256:b" + String.format("%063x", i);
  }

  Op next() {
    int roll = random.nextInt(100);
    if (roll < 10) {
      return new Op.PullIntent(image());
    } else if (roll < 27) {
      return pulled();
    } else if (roll < 33) {
      return new Op.PullFailed(image());
    } else if (roll < 73) {
      return flavour == Flavour.CRASH ? burst() : decide(imageRef());
    } else if (roll < 76) {
      return new Op.Reconcile(runtimeImages());
    } else if (roll < 80) {
      return new Op.Preloaded(runtimeImages());
    } else if (roll < 83) {
      return prune();
    } else if (roll < 84) {
      return new Op.ForgetSecret(secretCoordinates().uid());
    } else if (roll < 85) {
      return new Op.ForgetAccount(account().uid());
    } else if (roll < 86) {
      return new Op.ForgetNamespace(pick(Universe.NAMESPACES));
    } else if (roll < 90) {
      return importOp();
    } else if (roll < 92) {
      return new Op.Flush();
    } else if (flavour == Flavour.CRASH) {
      return pulled();
    } else if (roll < 99) {
      return new Op.Advance(1_000 + random.nextLong(20 * MINUTE));
    }
    return new Op.Restart();
  }

  /**
   * A pull: an image, an imageRef, and what it proved (sometimes nothing, or something invalid).
   */
  Op.Pulled pulled() {
    int roll = random.nextInt(100);
    Op.Cred cred;
    if (roll < 10) {
      cred = null;
    } else if (roll < 20) {
      cred = new Op.NodeAccessible();
    } else if (roll < 75) {
      Sec secret = secret();
      if (random.nextInt(30) == 0) {
        secret = new Sec("", secret.namespace(), secret.name(), secret.hash());
      } else if (random.nextInt(30) == 0) {
        secret = new Sec(secret.uid(), secret.namespace(), secret.name(), "");
      }
      cred = new Op.SecretCred(secret);
    } else {
      cred = new Op.AccountCred(random.nextInt(30) == 0 ? incompleteAccount() : account());
    }
    Op.Pulled pulled = new Op.Pulled(image(), imageRef(), cred);
    if (cred != null) {
      recentPulls.add(pulled);
      if (recentPulls.size() > 12) {
        recentPulls.remove(0);
      }
    }
    return pulled;
  }

  /**
   * A decision: half the time about a recent pull, by a pod that holds its secret, a rotated hash
   * of it, the same credentials under other coordinates, or its service account; else anything.
   */
  private Op.Decide decide(String imageRef) {
    if (recentPulls.isEmpty() || random.nextBoolean()) {
      return new Op.Decide(image(), imageRef, pod());
    }
    Op.Pulled pull = recentPulls.get(random.nextInt(recentPulls.size()));
    String ref = flavour == Flavour.CRASH || random.nextInt(10) == 0 ? imageRef : pull.imageRef();
    return decideAbout(pull, ref);
  }

  /**
   * A decision about what {@code pull} proved, on {@code imageRef}: under its image or another
   * spelling of the name, by a pod that holds the pull's secret, a rotated hash of it, the same
   * credentials under other coordinates, or its service account, among other credentials.
   */
  Op.Decide decideAbout(Op.Pulled pull, String imageRef) {
    String image = random.nextInt(3) == 0 ? sameName(pull.image()) : pull.image();
    Op.Pod pod = pod();
    List<Sec> secrets = new ArrayList<>(pod.secrets());
    Acct account = pod.account();
    if (pull.cred() instanceof Op.SecretCred proven) {
      Sec s = proven.secret();
      int how = random.nextInt(4);
      Sec presented =
          how == 0
              ? new Sec(s.uid(), s.namespace(), s.name(), pick(Universe.HASHES))
              : how == 1 ? withHash(secretCoordinates(), s.hash()) : s;
      secrets.add(random.nextInt(secrets.size() + 1), presented);
    } else if (pull.cred() instanceof Op.AccountCred proven) {
      account = proven.account();
    }
    return new Op.Decide(image, imageRef, new Op.Pod(secrets, account, pod.lookup()));
  }

  private static Sec withHash(Sec coordinates, String hash) {
    return new Sec(coordinates.uid(), coordinates.namespace(), coordinates.name(), hash);
  }

  /** Another valid spelling with the same normalised name as {@code image}, or itself. */
  private String sameName(String image) {
    Universe.Image parsed = Universe.BY_IMAGE.get(image);
    if (parsed == null) {
      return image;
    }
    List<String> same = new ArrayList<>();
    for (Universe.Image other : Universe.IMAGES) {
      if (other.name().equals(parsed.name())) {
        same.add(other.image());
      }
    }
    return pick(same);
  }

  private Op.Burst burst() {
    List<String> refs = new ArrayList<>(Universe.IMAGE_REFS);
    int count = 1 + random.nextInt(6);
    List<Op.Decide> decisions = new ArrayList<>();
    for (int i = 0; i < count && !refs.isEmpty(); i++) {
      String ref = refs.remove(random.nextInt(refs.size()));
      decisions.add(decide(ref));
    }
    return new Op.Burst(decisions);
  }

  /** What a pull proved: unknown, node-wide, a secret or a service account (all valid). */
  Op.Cred validCred() {
    int roll = random.nextInt(100);
    if (roll < 10) {
      return null;
    } else if (roll < 20) {
      return new Op.NodeAccessible();
    } else if (roll < 75) {
      return new Op.SecretCred(secret());
    }
    return new Op.AccountCred(account());
  }

  private Op.Prune prune() {
    Set<String> keep = new LinkedHashSet<>();
    for (String ref : Universe.IMAGE_REFS) {
      if (random.nextBoolean()) {
        keep.add(ref);
      }
    }
    long untilOffset =
        flavour == Flavour.CRASH
            ? -random.nextLong(300_000) + 1
            : random.nextInt(4) == 0 ? 1 : -random.nextLong(60 * MINUTE);
    return new Op.Prune(keep, untilOffset);
  }

  private Op.Import importOp() {
    List<String> images = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      images.add(random.nextInt(20) == 0 ? pick(Universe.INVALID_IMAGES) : validImage());
    }
    List<Op.ImportedRecord> records = new ArrayList<>();
    if (flavour == Flavour.CRASH && random.nextInt(3) == 0) {
      int count = 100 + random.nextInt(900);
      int first = random.nextInt(BULK_REFS - count);
      for (int i = 0; i < count; i++) {
        records.add(bulkRecord(bulkRef(first + i)));
      }
    } else {
      for (int i = random.nextInt(4); i > 0; i--) {
        records.add(importedRecord(imageRefValid()));
      }
    }
    return new Op.Import(records, images);
  }

  private Op.ImportedRecord bulkRecord(String imageRef) {
    Map<String, Op.ImportedEntry> mapping = new LinkedHashMap<>();
    List<Op.ImportedSecret> secrets = new ArrayList<>();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (int i = 3 + random.nextInt(10); i > 0; i--) {
      String ns = "bulk-" + random.nextInt(400);
      if (seen.put(ns, true) == null) {
        secrets.add(
            new Op.ImportedSecret(
                new Sec("uid-" + ns, ns, "regcred", pick(Universe.HASHES)),
                random.nextLong(3_600_000)));
      }
    }
    mapping.put(validImageName(), new Op.ImportedEntry(false, secrets, List.of()));
    return new Op.ImportedRecord(imageRef, random.nextLong(600_000), true, mapping, Set.of());
  }

  private Op.ImportedRecord importedRecord(String imageRef) {
    Map<String, Op.ImportedEntry> mapping = new LinkedHashMap<>();
    Set<String> preloaded = new LinkedHashSet<>();
    boolean pulledByNode = random.nextInt(5) != 0;
    if (pulledByNode) {
      for (int i = random.nextInt(3); i > 0; i--) {
        mapping.put(validImageName(), importedEntry());
      }
    }
    for (int i = pulledByNode ? random.nextInt(4) / 3 : 1 + random.nextInt(2); i > 0; i--) {
      String name = validImageName();
      if (!mapping.containsKey(name)) {
        preloaded.add(name);
      }
    }
    return new Op.ImportedRecord(
        imageRef, random.nextLong(120 * MINUTE), pulledByNode, mapping, preloaded);
  }

  private Op.ImportedEntry importedEntry() {
    if (random.nextInt(7) == 0) {
      return new Op.ImportedEntry(true, List.of(), List.of());
    }
    Map<ModelRecord.Coordinates, Op.ImportedSecret> secrets = new LinkedHashMap<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      Sec secret = secret();
      if (random.nextInt(10) == 0) {
        secret = new Sec(secret.uid(), secret.namespace(), secret.name(), "");
      } else if (random.nextInt(20) == 0) {
        secret = new Sec(secret.uid(), secret.namespace(), "", secret.hash());
      }
      secrets.put(
          ReferenceModel.coordinates(secret),
          new Op.ImportedSecret(secret, random.nextLong(180 * MINUTE)));
    }
    Map<ModelRecord.Coordinates, Op.ImportedAccount> accounts = new LinkedHashMap<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      Acct account = account();
      accounts.put(
          ReferenceModel.coordinates(account),
          new Op.ImportedAccount(account, random.nextLong(180 * MINUTE)));
    }
    return new Op.ImportedEntry(
        false, new ArrayList<>(secrets.values()), new ArrayList<>(accounts.values()));
  }

  private List<Op.Runtime> runtimeImages() {
    List<Op.Runtime> images = new ArrayList<>();
    for (int i = 1 + random.nextInt(4); i > 0; i--) {
      String id = random.nextInt(15) == 0 ? pick(Universe.INVALID_IMAGE_REFS) : imageRefValid();
      List<String> tags = new ArrayList<>();
      for (int t = random.nextInt(4); t > 0; t--) {
        tags.add(random.nextInt(15) == 0 ? pick(Universe.INVALID_IMAGES) : validImage());
      }
      List<String> digests = new ArrayList<>();
      if (random.nextInt(4) == 0) {
        digests.add("registry.example/team/app@" + Universe.DIGEST);
      }
      images.add(new Op.Runtime(id, tags, digests));
    }
    return images;
  }

  Op.Pod pod() {
    List<Sec> secrets = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      Sec secret = secret();
      int odd = random.nextInt(25);
      if (odd == 0) {
        secret = new Sec(secret.uid(), secret.namespace(), secret.name(), "");
      } else if (odd == 1) {
        secret = new Sec("", secret.namespace(), secret.name(), secret.hash());
      }
      secrets.add(secret);
    }
    Acct account = null;
    int roll = random.nextInt(10);
    if (roll < 3) {
      account = account();
    } else if (roll == 3) {
      account = incompleteAccount();
    }
    int lookup = random.nextInt(20);
    Op.Lookup kind =
        lookup < 12 ? Op.Lookup.FIXED : lookup < 19 ? Op.Lookup.LAZY : Op.Lookup.THROWING;
    return new Op.Pod(secrets, account, kind);
  }

  /** A secret: its coordinates and, mostly, its usual hash; else another (rotated or shared). */
  Sec secret() {
    Sec coordinates = secretCoordinates();
    int usual = Math.floorMod(coordinates.uid().hashCode(), Universe.HASHES.size());
    String hash =
        random.nextInt(5) < 3
            ? Universe.HASHES.get(usual)
            : Universe.HASHES.get(random.nextInt(Universe.HASHES.size()));
    return new Sec(coordinates.uid(), coordinates.namespace(), coordinates.name(), hash);
  }

  Sec secretCoordinates() {
    String namespace = pick(Universe.NAMESPACES);
    String name = pick(Universe.SECRET_NAMES);
    String uid = Universe.secretUid(namespace, name) + (random.nextInt(12) == 0 ? "-v2" : "");
    return new Sec(uid, namespace, name, "");
  }

  Acct account() {
    String namespace = pick(Universe.NAMESPACES);
    String name = pick(Universe.ACCOUNT_NAMES);
    return new Acct(Universe.accountUid(namespace, name), namespace, name);
  }

  private Acct incompleteAccount() {
    Acct account = account();
    return new Acct("", account.namespace(), account.name());
  }

  /** An image string: mostly one of the first few, now and then an invalid one. */
  String image() {
    return random.nextInt(40) == 0 ? pick(Universe.INVALID_IMAGES) : validImage();
  }

  private String validImage() {
    return skewed(Universe.IMAGES).image();
  }

  private String validImageName() {
    return skewed(Universe.IMAGES).name();
  }

  String imageRef() {
    return random.nextInt(40) == 0 ? pick(Universe.INVALID_IMAGE_REFS) : imageRefValid();
  }

  private String imageRefValid() {
    return skewed(Universe.IMAGE_REFS);
  }

  /** An element of {@code list}, the first ones more often than the last. */
  private <T> T skewed(List<T> list) {
    int a = random.nextInt(list.size());
    int b = random.nextInt(list.size());
    return list.get(random.nextBoolean() ? Math.min(a, b) : a);
  }

  <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
