package dev.pullgate.reliability;

import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reference model's pulled record: plain strings and epoch milliseconds, so that comparing it
 * with what the engine stored compares values, never the engine's own classes. Immutable by
 * convention: the model copies before it changes anything.
 *
 * @param imageRef the key
 * @param lastUpdated when the record last changed, epoch milliseconds
 * @param pulledByNode whether the node pulled the image (false: only preloaded names)
 * @param mapping image name to who may use the image under it
 * @param preloaded names observed on the node before any pull
 */
record ModelRecord(
    String imageRef,
    long lastUpdated,
    boolean pulledByNode,
    NavigableMap<String, Entry> mapping,
    NavigableSet<String> preloaded) {

  ModelRecord(
      String imageRef,
      long lastUpdated,
      boolean pulledByNode,
      Map<String, Entry> mapping,
      java.util.Set<String> preloaded) {
    this(imageRef, lastUpdated, pulledByNode, new TreeMap<>(mapping), new TreeSet<>(preloaded));
  }

  ModelRecord {
    mapping = new TreeMap<>(mapping);
    preloaded = new TreeSet<>(preloaded);
  }

  /** A record of a pull with unknown provenance: pulled by the node, nobody known to be allowed. */
  static ModelRecord pulledWithoutCredentials(String imageRef, long now) {
    return new ModelRecord(imageRef, now, true, new TreeMap<>(), new TreeSet<>());
  }

  ModelRecord withTime(long time) {
    return new ModelRecord(imageRef, time, pulledByNode, mapping, preloaded);
  }

  /**
   * The model's view of what the engine stored; hashes as the store keeps them, lower-case hex
   * ({@code ""} for a blank one).
   */
  static ModelRecord of(PulledRecord stored) {
    NavigableMap<String, Entry> mapping = new TreeMap<>();
    for (Map.Entry<String, CredentialSet> e : stored.credentialMapping().entrySet()) {
      CredentialSet set = e.getValue();
      if (set.isNodePodsAccessible()) {
        mapping.put(e.getKey(), Entry.NODE_ACCESSIBLE);
        continue;
      }
      NavigableMap<Coordinates, Secret> secrets = new TreeMap<>();
      for (CredentialSet.Secret s : set.secrets()) {
        SecretCoordinates c = s.coordinates();
        secrets.put(
            new Coordinates(c.uid(), c.namespace(), c.name()),
            new Secret(s.hash().isEmpty() ? "" : s.hash().hex(), s.acceptedAt().toEpochMilli()));
      }
      NavigableMap<Coordinates, Long> accounts = new TreeMap<>();
      for (CredentialSet.ServiceAccount a : set.serviceAccounts()) {
        ServiceAccountCoordinates c = a.coordinates();
        accounts.put(
            new Coordinates(c.uid(), c.namespace(), c.name()), a.acceptedAt().toEpochMilli());
      }
      mapping.put(e.getKey(), new Entry(false, secrets, accounts));
    }
    return new ModelRecord(
        stored.imageRef(),
        stored.lastUpdated().toEpochMilli(),
        stored.pulledByNode(),
        mapping,
        stored.preloadedNames());
  }

  /**
   * Who may use the image under one name: every pod on the node, or the holders of these secrets
   * (coordinates to hash and acceptance time) and service accounts (coordinates to acceptance
   * time).
   */
  record Entry(
      boolean nodeAccessible,
      NavigableMap<Coordinates, Secret> secrets,
      NavigableMap<Coordinates, Long> accounts) {
    static final Entry NODE_ACCESSIBLE = new Entry(true, new TreeMap<>(), new TreeMap<>());

    Entry {
      secrets = new TreeMap<>(secrets);
      accounts = new TreeMap<>(accounts);
    }

    boolean isEmpty() {
      return !nodeAccessible && secrets.isEmpty() && accounts.isEmpty();
    }
  }

  /** A stored secret's hash (hex as stored, {@code ""} when blank) and acceptance time. */
  record Secret(String hash, long acceptedAt) {
    @Override
    public String toString() {
      return (hash.isEmpty() ? "blank" : hash.substring(0, 6)) + "@" + acceptedAt;
    }
  }

  /**
   * A secret's or service account's uid, namespace and name; ordered by namespace, name, uid, as
   * the spec keeps credential sets sorted.
   */
  record Coordinates(String uid, String namespace, String name) implements Comparable<Coordinates> {
    boolean isComplete() {
      return !uid.isEmpty() && !namespace.isEmpty() && !name.isEmpty();
    }

    @Override
    public int compareTo(Coordinates o) {
      int c = namespace.compareTo(o.namespace);
      if (c == 0) {
        c = name.compareTo(o.name);
      }
      return c != 0 ? c : uid.compareTo(o.uid);
    }

    @Override
    public String toString() {
      return namespace + "/" + name + "#" + uid;
    }
  }
}
