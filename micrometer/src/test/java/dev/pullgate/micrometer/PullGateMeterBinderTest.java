package dev.pullgate.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.PullGateMetrics;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.store.CachingPullRecordStore;
import dev.pullgate.store.FaultyPullRecordStore;
import dev.pullgate.store.PullRecordStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.RecordComponent;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every counter and gauge of a real engine, read back from a registry after real decisions: over
 * the engine's cache in front of a store that fails reads and reports damage on demand.
 */
class PullGateMeterBinderTest {
  private static final String IMAGE = "registry.example/team/app:v1";
  private static final String IMAGE_REF = "sha256:" + "1".repeat(64);
  private static final SecretCredential REGCRED =
      SecretCredential.of(
          "7d3f0c4e-8a51-4c39-9a0e-2f1b6c0d9e11",
          "team-a",
          "regcred",
          CredentialHash.of(new RegistryAuth("robot", "s3cret", "")));

  /** Each component of the metrics snapshot, and of its cache statistics, and its meter. */
  private static final Map<String, String> METER_OF_COMPONENT =
      Map.ofEntries(
          Map.entry("decisions", "pullgate.decisions"),
          Map.entry("storedRecords", "pullgate.records"),
          Map.entry("storedIntents", "pullgate.intents"),
          Map.entry("inFlightPulls", "pullgate.pulls.in.flight"),
          Map.entry("storeDamaged", "pullgate.store.damaged"),
          Map.entry("storeErrors", "pullgate.store.errors"),
          Map.entry("droppedMerges", "pullgate.merges.dropped"),
          Map.entry("cache", "pullgate.cache.*"),
          Map.entry("recordHits", "pullgate.cache.gets cache=records result=hit"),
          Map.entry("recordMisses", "pullgate.cache.gets cache=records result=miss"),
          Map.entry("recordEvictions", "pullgate.cache.evictions cache=records"),
          Map.entry("cachedRecords", "pullgate.cache.size cache=records"),
          Map.entry("intentHits", "pullgate.cache.gets cache=intents result=hit"),
          Map.entry("intentMisses", "pullgate.cache.gets cache=intents result=miss"),
          Map.entry("intentEvictions", "pullgate.cache.evictions cache=intents"),
          Map.entry("cachedIntents", "pullgate.cache.size cache=intents"));

  private final FaultyPullRecordStore store = new FaultyPullRecordStore();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private PullGate gate;

  @BeforeEach
  void openAndBind() {
    CachingPullRecordStore cache = PullRecordStore.cached(store, 1_000, 1_000);
    gate =
        PullGate.open(
            PullGateConfig.builder().storeKind(PullGateConfig.StoreKind.MEMORY).build(),
            cache,
            InstantSource.system());
    new PullGateMeterBinder(gate, Tags.of("node", "node-1")).bindTo(registry);
  }

  @AfterEach
  void close() {
    gate.close();
  }

  @Test
  void decisions_areCountedByReasonResultAndKubeletResult() {
    gate.recordPullIntent(IMAGE);
    gate.recordImagePulled(IMAGE, IMAGE_REF, PullCredentials.secret(REGCRED));
    PullDecision teamA =
        gate.mustAttemptImagePull(IMAGE, IMAGE_REF, PodCredentials.of(List.of(REGCRED), null));
    PullDecision stranger = gate.mustAttemptImagePull(IMAGE, IMAGE_REF, PodCredentials.none());
    PullDecision invalid =
        gate.mustAttemptImagePull("Not An Image!", IMAGE_REF, PodCredentials.none());
    store.failReads(true);
    PullDecision unreadable =
        gate.mustAttemptImagePull(IMAGE, "sha256:" + "2".repeat(64), PodCredentials.none());

    assertThat(List.of(teamA, stranger, invalid, unreadable))
        .extracting(PullDecision::reason)
        .containsExactly(
            DecisionReason.SECRET_HASH_MATCH,
            DecisionReason.NO_MATCHING_CREDENTIALS,
            DecisionReason.INVALID_INPUT,
            DecisionReason.STORE_ERROR);
    assertThat(decisions(DecisionReason.SECRET_HASH_MATCH, "use", "credentialRecordFound"))
        .isEqualTo(1);
    assertThat(decisions(DecisionReason.NO_MATCHING_CREDENTIALS, "pull", "mustAuthenticate"))
        .isEqualTo(1);
    assertThat(decisions(DecisionReason.INVALID_INPUT, "pull", "error")).isEqualTo(1);
    assertThat(decisions(DecisionReason.STORE_ERROR, "pull", "error")).isEqualTo(1);
    PullGateMetrics metrics = gate.metrics();
    for (DecisionReason reason : DecisionReason.values()) {
      assertThat(decisions(reason)).as(reason.name()).isEqualTo(metrics.decisions(reason));
    }
    assertThat(counter("pullgate.store.errors")).isEqualTo(1);
    assertThat(counter("pullgate.merges.dropped")).isEqualTo(metrics.droppedMerges());
  }

  @Test
  void recordsIntentsAndPullsInFlight_areGauged() {
    gate.recordPullIntent(IMAGE);

    assertThat(gauge("pullgate.intents")).isEqualTo(1);
    assertThat(gauge("pullgate.pulls.in.flight")).isEqualTo(1);
    assertThat(gauge("pullgate.records")).isZero();

    gate.recordImagePulled(IMAGE, IMAGE_REF, PullCredentials.secret(REGCRED));

    assertThat(gauge("pullgate.intents")).isZero();
    assertThat(gauge("pullgate.pulls.in.flight")).isZero();
    assertThat(gauge("pullgate.records")).isEqualTo(1);
  }

  @Test
  void storeDamage_isAGaugeOfZeroOrOne() {
    assertThat(gauge("pullgate.store.damaged")).isZero();

    store.knownDamaged(true);

    assertThat(gauge("pullgate.store.damaged")).isEqualTo(1);
  }

  @Test
  void cacheStatistics_areTheEnginesOwn() {
    gate.recordImagePulled(IMAGE, IMAGE_REF, PullCredentials.secret(REGCRED));
    gate.mustAttemptImagePull(IMAGE, IMAGE_REF, PodCredentials.none());
    gate.mustAttemptImagePull(IMAGE, IMAGE_REF, PodCredentials.none());
    gate.mustAttemptImagePull(IMAGE, "sha256:" + "3".repeat(64), PodCredentials.none());

    CachingPullRecordStore.Statistics cache = gate.metrics().cache();
    assertThat(cache.recordHits()).isPositive();
    assertThat(cache.recordMisses()).isPositive();
    assertThat(cacheGets("records", "hit")).isEqualTo(cache.recordHits());
    assertThat(cacheGets("records", "miss")).isEqualTo(cache.recordMisses());
    assertThat(cacheGets("intents", "hit")).isEqualTo(cache.intentHits());
    assertThat(cacheGets("intents", "miss")).isEqualTo(cache.intentMisses());
    assertThat(cacheMeter("pullgate.cache.evictions", "records").functionCounter().count())
        .isEqualTo(cache.recordEvictions());
    assertThat(cacheMeter("pullgate.cache.evictions", "intents").functionCounter().count())
        .isEqualTo(cache.intentEvictions());
    assertThat(cacheMeter("pullgate.cache.size", "records").gauge().value())
        .isEqualTo(cache.cachedRecords());
    assertThat(cacheMeter("pullgate.cache.size", "intents").gauge().value())
        .isEqualTo(cache.cachedIntents());
  }

  @Test
  void everyComponentOfTheSnapshot_hasAMeter_andEveryMeterCarriesTheGivenTags() {
    Set<String> components = new TreeSet<>();
    for (RecordComponent c : PullGateMetrics.class.getRecordComponents()) {
      components.add(c.getName());
    }
    for (RecordComponent c : CachingPullRecordStore.Statistics.class.getRecordComponents()) {
      components.add(c.getName());
    }
    assertThat(components).isEqualTo(METER_OF_COMPONENT.keySet());

    Set<String> bound =
        registry.getMeters().stream()
            .map(PullGateMeterBinderTest::describe)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = new TreeSet<>();
    for (String meter : METER_OF_COMPONENT.values()) {
      if (meter.equals("pullgate.decisions")) {
        for (DecisionReason reason : DecisionReason.values()) {
          expected.add(
              "pullgate.decisions kubelet.result="
                  + reason.kubeletLabel()
                  + " reason="
                  + reason.name()
                  + " result="
                  + (reason.mustAttemptPull() ? "pull" : "use"));
        }
      } else if (!meter.endsWith("*")) {
        expected.add(meter);
      }
    }
    assertThat(bound).isEqualTo(expected);
    assertThat(registry.getMeters())
        .allSatisfy(m -> assertThat(m.getId().getTags()).contains(Tag.of("node", "node-1")));
  }

  @Test
  void closedEngine_readsAsNaNForTheStore_andKeepsItsCounts() {
    gate.mustAttemptImagePull(IMAGE, IMAGE_REF, PodCredentials.none());
    gate.close();

    assertThat(gauge("pullgate.records")).isNaN();
    assertThat(gauge("pullgate.intents")).isNaN();
    assertThat(decisions(DecisionReason.NO_RECORD) + decisions(DecisionReason.POLICY_ALLOWED))
        .isEqualTo(1);
  }

  /** A meter as "name tag=value ...", its own tags only, sorted by key. */
  private static String describe(Meter meter) {
    String tags =
        meter.getId().getTags().stream()
            .filter(t -> !t.getKey().equals("node"))
            .map(t -> " " + t.getKey() + "=" + t.getValue())
            .collect(Collectors.joining());
    return meter.getId().getName() + tags;
  }

  private double decisions(DecisionReason reason) {
    return registry
        .get("pullgate.decisions")
        .tag("reason", reason.name())
        .functionCounter()
        .count();
  }

  private double decisions(DecisionReason reason, String result, String kubeletResult) {
    return registry
        .get("pullgate.decisions")
        .tags("reason", reason.name(), "result", result, "kubelet.result", kubeletResult)
        .functionCounter()
        .count();
  }

  private double counter(String name) {
    return registry.get(name).functionCounter().count();
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private double cacheGets(String cache, String result) {
    return registry
        .get("pullgate.cache.gets")
        .tags("cache", cache, "result", result)
        .functionCounter()
        .count();
  }

  private RequiredSearch cacheMeter(String name, String cache) {
    return registry.get(name).tag("cache", cache);
  }
}
