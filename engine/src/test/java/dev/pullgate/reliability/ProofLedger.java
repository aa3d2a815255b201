package dev.pullgate.reliability;

import dev.pullgate.DecisionReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What the concurrency suite's threads proved and revoked, with sequence numbers, so that every
 * grant can be checked afterwards against what was proven before the decision ended and not revoked
 * before it started.
 *
 * <p>Every call takes a sequence number when it starts and another when it ends. A proof is what a
 * registry accepted: a pull's credentials (taken before the pull is recorded, since the engine may
 * show the record to a decision before the call returns), an imported record's credentials, and
 * what a granted decision teaches a record (new coordinates of a matched hash, a rotated secret's
 * new hash), valid only when that decision was. A revocation (a forget, a prune, an import that
 * replaces a record) removes a proof only when it started after the proof ended and ended before
 * the decision started; anything closer is a race the engine may resolve either way.
 *
 * <p>What a decision teaches is merged in the background, after the decision, against the record as
 * it is then. A forget waits for the merges handed over before it, so it revokes what they teach
 * like anything else; a prune or an import does not, so a merge may land after it. What a decision
 * taught therefore survives a prune or an import, but explains a later grant only while the record
 * may still hold what the merge needs (the matched hash, or the rotated secret's coordinates), as
 * the engine's merge requires.
 *
 * <p>Thread-safe while the threads run; {@link #check} runs once every thread has stopped.
 */
final class ProofLedger {
  /**
   * A credential proven for one image name on one imageRef: {@code kind} is {@code secret}, {@code
   * account} or {@code node}; {@code end} is {@link Long#MAX_VALUE} until the call that proves it
   * returns (forever, when it failed: such a proof is never revoked).
   */
  record Proof(
      String imageRef,
      String name,
      String kind,
      ModelRecord.Coordinates coordinates,
      String hash,
      long start,
      long[] end,
      Grant learnedFrom,
      boolean[] valid) {}

  /** A call that took proofs away; {@code drainsMerges} when it first waited for every merge. */
  record Revocation(long start, long end, boolean drainsMerges, Predicate<Proof> revokes) {}

  /** A decision that granted, to be checked; {@code reference} is its image's normalised one. */
  record Grant(
      String imageRef,
      String name,
      String reference,
      Op.Pod pod,
      DecisionReason reason,
      long start,
      long end,
      boolean[] valid) {}

  private final Set<String> protectedRefs;
  private final Set<String> trackedReferences;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Queue<Proof>> proofs = new ConcurrentHashMap<>();
  private final Queue<Proof> learned = new ConcurrentLinkedQueue<>();
  private final Queue<Revocation> revocations = new ConcurrentLinkedQueue<>();
  private final Queue<Grant> grants = new ConcurrentLinkedQueue<>();
  private final Map<String, Queue<Long>> pullsEnded = new ConcurrentHashMap<>();
  private final Map<String, Queue<Long>> intentsEnded = new ConcurrentHashMap<>();
  private final Map<String, Queue<Long>> intentEndsStarted = new ConcurrentHashMap<>();
  private final Queue<String[]> events = new ConcurrentLinkedQueue<>();

  // Built by check(), once the threads have stopped.
  private final Map<String, List<Group>> groups = new HashMap<>();
  private final Map<String, long[]> pullEnds = new HashMap<>();
  private final Map<String, long[]> intentEnds = new HashMap<>();
  private final Map<String, long[]> endStarts = new HashMap<>();

  /**
   * A ledger for a run whose {@code protectedRefs} are never pruned, imported or observed as
   * preloaded, and whose {@code trackedReferences} get intents only from threads that end each one
   * they record: POLICY_ALLOWED is checked for those.
   */
  ProofLedger(Set<String> protectedRefs, Set<String> trackedReferences) {
    this.protectedRefs = protectedRefs;
    this.trackedReferences = trackedReferences;
  }

  /** The next sequence number. */
  long next() {
    return sequence.incrementAndGet();
  }

  /**
   * Records a proof that starts now; the returned array takes its end.
   *
   * @param kind {@code secret}, {@code account} or {@code node}
   */
  long[] prove(
      String imageRef, String name, String kind, ModelRecord.Coordinates coordinates, String hash) {
    return add(imageRef, name, kind, coordinates, hash, next(), null);
  }

  private long[] add(
      String imageRef,
      String name,
      String kind,
      ModelRecord.Coordinates coordinates,
      String hash,
      long start,
      Grant learnedFrom) {
    long[] end = {Long.MAX_VALUE};
    Proof proof =
        new Proof(
            imageRef,
            name,
            kind,
            coordinates,
            hash,
            start,
            end,
            learnedFrom,
            new boolean[] {learnedFrom == null});
    proofs.computeIfAbsent(imageRef + " " + name, k -> new ConcurrentLinkedQueue<>()).add(proof);
    if (learnedFrom != null) {
      learned.add(proof);
    }
    return end;
  }

  /** Records a prune or an import that ran from {@code start} to now. */
  void revoke(long start, Predicate<Proof> revokes) {
    revocations.add(new Revocation(start, next(), false, revokes));
  }

  /** Records a forget, which waits for the merges handed over before it, from start to now. */
  void forgot(long start, Predicate<Proof> revokes) {
    revocations.add(new Revocation(start, next(), true, revokes));
  }

  /**
   * Notes a call that changed records ({@code imageRef} null for any), from {@code start} to now,
   * for the timeline of a failure message.
   */
  void event(String imageRef, long start, String what) {
    events.add(new String[] {imageRef, Long.toString(start), Long.toString(next()), what});
  }

  /** Records that a pull onto {@code imageRef} was recorded, ending at {@code end}. */
  void pulledOnto(String imageRef, long end) {
    pullsEnded.computeIfAbsent(imageRef, k -> new ConcurrentLinkedQueue<>()).add(end);
  }

  /** Records that an intent of {@code reference} was recorded, ending at {@code end}. */
  void intentRecorded(String reference, long end) {
    intentsEnded.computeIfAbsent(reference, k -> new ConcurrentLinkedQueue<>()).add(end);
  }

  /** Records that a call that ends an intent of {@code reference} started at {@code start}. */
  void intentEnding(String reference, long start) {
    intentEndsStarted.computeIfAbsent(reference, k -> new ConcurrentLinkedQueue<>()).add(start);
  }

  /**
   * Records a grant to check; for a match by secret, also what it may teach the record: the
   * coordinates of each complete pod secret with the hash it presented.
   */
  void granted(
      Universe.Image image,
      String imageRef,
      Op.Pod pod,
      DecisionReason reason,
      long start,
      long end) {
    Grant grant =
        new Grant(
            imageRef, image.name(), image.reference(), pod, reason, start, end, new boolean[1]);
    grants.add(grant);
    if (reason == DecisionReason.SECRET_HASH_MATCH
        || reason == DecisionReason.SECRET_COORDINATES_MATCH) {
      for (Op.Sec secret : pod.secrets()) {
        ModelRecord.Coordinates c = ReferenceModel.coordinates(secret);
        if (c.isComplete() && !secret.hash().isEmpty()) {
          add(imageRef, image.name(), "secret", c, secret.hash(), start, grant)[0] = end;
        }
      }
    }
  }

  /** How many grants were recorded. */
  int grants() {
    return grants.size();
  }

  /**
   * Checks every grant; returns those that nothing proven explains. What grants taught is settled
   * in rounds, so that it can explain later grants once the grant that taught it is explained.
   */
  List<Grant> check() {
    index();
    List<Grant> open = new ArrayList<>(grants);
    List<Proof> unsettled = new ArrayList<>(learned);
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Grant grant : open) {
        if (explained(grant)) {
          grant.valid()[0] = true;
          progress = true;
        }
      }
      open.removeIf(g -> g.valid()[0]);
      for (Proof proof : unsettled) {
        if (proof.learnedFrom().valid()[0] && taughtByProof(proof)) {
          proof.valid()[0] = true;
          progress = true;
        }
      }
      unsettled.removeIf(p -> p.valid()[0]);
    }
    return open;
  }

  private boolean explained(Grant grant) {
    return switch (grant.reason()) {
      case NODE_ACCESSIBLE -> proven(grant, kind("node"), null);
      case SECRET_HASH_MATCH ->
          grant.pod().secrets().stream()
              .anyMatch(s -> !s.hash().isEmpty() && proven(grant, hash(s.hash()), null));
      case SECRET_COORDINATES_MATCH ->
          grant.pod().secrets().stream()
              .anyMatch(
                  s ->
                      !s.hash().isEmpty()
                          && ReferenceModel.coordinates(s).isComplete()
                          && proven(grant, coordinates(ReferenceModel.coordinates(s)), null));
      case SERVICE_ACCOUNT_MATCH ->
          grant.pod().account() != null
              && proven(
                  grant,
                  p ->
                      p.kind().equals("account")
                          && p.coordinates()
                              .equals(ReferenceModel.coordinates(grant.pod().account())),
                  null);
      case POLICY_ALLOWED -> !pulledByNodeThroughout(grant);
      default -> true;
    };
  }

  /**
   * Whether what a grant taught rests on a proof at the time of that grant: the matched hash was
   * proven, or the rotated secret's coordinates were.
   */
  private boolean taughtByProof(Proof taught) {
    Grant teacher = taught.learnedFrom();
    return proven(teacher, basisOf(taught), taught);
  }

  /** What the record must hold for the merge that teaches {@code taught} to change anything. */
  private static Predicate<Proof> basisOf(Proof taught) {
    return taught.learnedFrom().reason() == DecisionReason.SECRET_HASH_MATCH
        ? hash(taught.hash())
        : coordinates(taught.coordinates());
  }

  private static Predicate<Proof> kind(String kind) {
    return p -> p.kind().equals(kind);
  }

  private static Predicate<Proof> hash(String hash) {
    return p -> p.kind().equals("secret") && p.hash().equals(hash);
  }

  private static Predicate<Proof> coordinates(ModelRecord.Coordinates coordinates) {
    return p -> p.kind().equals("secret") && p.coordinates().equals(coordinates);
  }

  /**
   * Whether the node had pulled the image throughout the decision, so that the default policy must
   * verify: a record of a protected imageRef recorded before it started, or more intents of the
   * reference recorded before it started than calls that end one started before it ended.
   */
  private boolean pulledByNodeThroughout(Grant grant) {
    if (protectedRefs.contains(grant.imageRef())
        && countBelow(pullEnds.get(grant.imageRef()), grant.start()) > 0) {
      return true;
    }
    return trackedReferences.contains(grant.reference())
        && countBelow(intentEnds.get(grant.reference()), grant.start())
            > countBelow(endStarts.get(grant.reference()), grant.end());
  }

  /**
   * Whether a valid proof that {@code matches} (other than {@code except}) explains {@code grant}:
   * it started before the grant ended and was not revoked before the grant started (for what a
   * grant taught, see {@link #mergeCouldLand}).
   */
  private boolean proven(Grant grant, Predicate<Proof> matches, Proof except) {
    for (Group group : groups.getOrDefault(grant.imageRef() + " " + grant.name(), List.of())) {
      if (!matches.test(group.proofs.get(0))) {
        continue;
      }
      for (Proof proof : group.proofs) {
        if (proof.start() >= grant.end()) {
          break;
        }
        if (proof != except
            && proof.valid()[0]
            && proof.learnedFrom() != grant
            && group.unrevoked(proof, grant)
            && (proof.learnedFrom() == null || mergeCouldLand(proof, group, grant))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the merge that teaches {@code taught} could have landed in a record that still lets it
   * explain {@code grant}. Forgets wait for merges, so {@link Group#unrevoked} has counted them
   * already. A prune or an import that ended before the grant started and began after the teaching
   * grant ended may have come before the merge or after it: after, it removed what was taught;
   * before, the merge changed something only if the record held what it needs again, which a proof
   * still running after that revocation began shows.
   */
  private boolean mergeCouldLand(Proof taught, Group group, Grant grant) {
    long revoked = group.latestOtherRevocation(taught, grant);
    if (revoked == Long.MIN_VALUE) {
      return true;
    }
    Predicate<Proof> basis = basisOf(taught);
    for (Group other : groups.getOrDefault(grant.imageRef() + " " + grant.name(), List.of())) {
      if (!basis.test(other.proofs.get(0))) {
        continue;
      }
      for (Proof proof : other.proofs) {
        if (proof.start() >= grant.end()) {
          break;
        }
        if (proof != taught && proof.valid()[0] && proof.end()[0] >= revoked) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Groups the proofs by what they prove and indexes, for each group, the revocations that apply to
   * it, so that a check costs a binary search instead of a scan of every revocation.
   */
  private void index() {
    List<Revocation> all = new ArrayList<>(revocations);
    for (Map.Entry<String, Queue<Proof>> e : proofs.entrySet()) {
      Map<String, Group> byCredential = new HashMap<>();
      for (Proof proof : e.getValue()) {
        String key = proof.kind() + " " + proof.coordinates() + " " + proof.hash();
        byCredential.computeIfAbsent(key, k -> new Group()).proofs.add(proof);
      }
      byCredential.values().forEach(g -> g.index(all));
      groups.put(e.getKey(), List.copyOf(byCredential.values()));
    }
    sort(pullsEnded, pullEnds);
    sort(intentsEnded, intentEnds);
    sort(intentEndsStarted, endStarts);
  }

  private static void sort(Map<String, Queue<Long>> from, Map<String, long[]> to) {
    from.forEach(
        (key, seqs) -> to.put(key, seqs.stream().mapToLong(Long::longValue).sorted().toArray()));
  }

  /** How many of the sorted {@code values} are below {@code limit}; none when null. */
  private static int countBelow(long[] values, long limit) {
    if (values == null) {
      return 0;
    }
    int low = 0;
    int high = values.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (values[mid] < limit) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /**
   * A grant with the proofs that could explain it and the revocations before it, for the failure
   * message.
   */
  String explain(Grant grant) {
    StringBuilder out =
        new StringBuilder()
            .append(grant.reason())
            .append(" for ")
            .append(Op.brief(grant.imageRef()))
            .append(' ')
            .append(grant.name())
            .append(" to ")
            .append(grant.pod())
            .append(" during [")
            .append(grant.start())
            .append(", ")
            .append(grant.end())
            .append(']');
    out.append("\n      calls that changed records shortly before:");
    for (String[] event : events) {
      long start = Long.parseLong(event[1]);
      long end = Long.parseLong(event[2]);
      if ((event[0] == null || event[0].equals(grant.imageRef()))
          && end > grant.start() - 400
          && start < grant.end()) {
        out.append(" [")
            .append(start)
            .append(", ")
            .append(end)
            .append(' ')
            .append(event[3])
            .append(']');
      }
    }
    for (Group group : groups.getOrDefault(grant.imageRef() + " " + grant.name(), List.of())) {
      Proof first = group.proofs.get(0);
      boolean relevant =
          grant.pod().secrets().stream()
                  .anyMatch(
                      s ->
                          hash(s.hash()).test(first)
                              || coordinates(ReferenceModel.coordinates(s)).test(first))
              || first.kind().equals("node") && grant.reason() == DecisionReason.NODE_ACCESSIBLE
              || first.kind().equals("account")
                  && grant.pod().account() != null
                  && first.coordinates().equals(ReferenceModel.coordinates(grant.pod().account()));
      if (relevant) {
        out.append("\n      ").append(group.describe(grant));
      }
    }
    return out.toString();
  }

  /** Proofs of one credential for one image name on one imageRef, and their revocations. */
  private static final class Group {
    final List<Proof> proofs = new ArrayList<>();
    private final List<Revocation> relevant = new ArrayList<>();
    private long[] ends;
    private long[] latestStart;
    private long[] latestDrainingStart;
    private long[] latestOtherStart;

    void index(List<Revocation> all) {
      Proof sample = proofs.get(0);
      for (Revocation revocation : all) {
        if (revocation.revokes().test(sample)) {
          relevant.add(revocation);
        }
      }
      relevant.sort(Comparator.comparingLong(Revocation::end));
      ends = new long[relevant.size()];
      latestStart = new long[relevant.size()];
      latestDrainingStart = new long[relevant.size()];
      latestOtherStart = new long[relevant.size()];
      long latest = Long.MIN_VALUE;
      long latestDraining = Long.MIN_VALUE;
      long latestOther = Long.MIN_VALUE;
      for (int i = 0; i < relevant.size(); i++) {
        Revocation revocation = relevant.get(i);
        ends[i] = revocation.end();
        latest = Math.max(latest, revocation.start());
        latestStart[i] = latest;
        if (revocation.drainsMerges()) {
          latestDraining = Math.max(latestDraining, revocation.start());
        } else {
          latestOther = Math.max(latestOther, revocation.start());
        }
        latestDrainingStart[i] = latestDraining;
        latestOtherStart[i] = latestOther;
      }
      proofs.sort(Comparator.comparingLong(Proof::start));
    }

    /**
     * Whether no revocation that ended before {@code grant} started began after {@code proof}
     * ended; for what a grant taught, only revocations that drained the merges count.
     */
    boolean unrevoked(Proof proof, Grant grant) {
      int before = countBelow(ends, grant.start());
      if (before == 0) {
        return true;
      }
      long latest =
          proof.learnedFrom() == null ? latestStart[before - 1] : latestDrainingStart[before - 1];
      return proof.end()[0] >= latest;
    }

    /**
     * The start of the latest prune or import of this group that ended before {@code grant} started
     * and began after {@code taught} ended, or {@link Long#MIN_VALUE}.
     */
    long latestOtherRevocation(Proof taught, Grant grant) {
      int before = countBelow(ends, grant.start());
      long latest = before == 0 ? Long.MIN_VALUE : latestOtherStart[before - 1];
      return latest > taught.end()[0] ? latest : Long.MIN_VALUE;
    }

    String describe(Grant grant) {
      Proof first = proofs.get(0);
      StringBuilder out =
          new StringBuilder()
              .append(first.kind())
              .append(' ')
              .append(first.coordinates() == null ? "" : first.coordinates())
              .append(first.hash().isEmpty() ? "" : " " + first.hash().substring(0, 6))
              .append(": last proofs");
      proofs.stream()
          .filter(p -> p.start() < grant.end())
          .skip(Math.max(0, proofs.stream().filter(p -> p.start() < grant.end()).count() - 6))
          .forEach(
              p ->
                  out.append(" [")
                      .append(p.start())
                      .append(", ")
                      .append(p.end()[0] == Long.MAX_VALUE ? "-" : p.end()[0])
                      .append(p.learnedFrom() == null ? "" : " taught")
                      .append(p.valid()[0] ? "" : " unexplained")
                      .append(']'));
      int before = countBelow(ends, grant.start());
      out.append("; last revocations");
      for (int i = Math.max(0, before - 6); i < before; i++) {
        Revocation r = relevant.get(i);
        out.append(" [")
            .append(r.start())
            .append(", ")
            .append(r.end())
            .append(r.drainsMerges() ? " forget]" : "]");
      }
      return out.toString();
    }
  }
}
