package dev.pullgate.micrometer;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateMetrics;
import dev.pullgate.store.CachingPullRecordStore.Statistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The meters of one {@link PullGate}, named {@code pullgate.*}, for a Micrometer registry: every
 * counter and gauge of {@link PullGateMetrics}. {@code docs/metrics.md} lists them with the
 * kubelet's metric of the same meaning.
 *
 * <ul>
 *   <li>{@code pullgate.decisions} (counter), tagged {@code reason} (a {@link DecisionReason}),
 *       {@code result} ({@code use} or {@code pull}) and {@code kubelet.result} (the label the
 *       kubelet counts the same decision under);
 *   <li>{@code pullgate.records} and {@code pullgate.intents} (gauges): the pulled records and pull
 *       intents in the store;
 *   <li>{@code pullgate.pulls.in.flight} (gauge): pulls this process started and has not finished;
 *   <li>{@code pullgate.store.damaged} (gauge): 1 while the store is known to be damaged, else 0;
 *   <li>{@code pullgate.store.errors} and {@code pullgate.merges.dropped} (counters);
 *   <li>{@code pullgate.cache.gets} (counter, tagged {@code cache} and {@code result} {@code hit}
 *       or {@code miss}), {@code pullgate.cache.evictions} (counter) and {@code
 *       pullgate.cache.size} (gauge), each for {@code cache} {@code records} and {@code intents}.
 * </ul>
 *
 * <p>Each meter takes a fresh {@link PullGate#metrics()} snapshot when the registry reads it, so
 * the binder keeps no state and counts nothing itself. A value the engine cannot give reads as NaN:
 * a store that cannot count its entries, an engine that is closed or was garbage collected (the
 * meters hold the engine weakly, as Micrometer's function meters do).
 */
public final class PullGateMeterBinder implements MeterBinder {
  private final PullGate gate;
  private final Tags tags;

  /**
   * The meters of {@code gate}.
   *
   * @param gate the engine, which the caller keeps open for as long as its meters are read
   */
  public PullGateMeterBinder(PullGate gate) {
    this(gate, Tags.empty());
  }

  /**
   * The meters of {@code gate}, each with {@code tags} besides its own (a node's name, say).
   *
   * @param gate the engine, which the caller keeps open for as long as its meters are read
   * @param tags the tags every meter carries
   */
  public PullGateMeterBinder(PullGate gate, Iterable<Tag> tags) {
    this.gate = Objects.requireNonNull(gate, "gate");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Registers every meter of the engine with {@code registry}.
   *
   * @param registry the registry to register with
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    for (DecisionReason reason : DecisionReason.values()) {
      counter(
          registry,
          "pullgate.decisions",
          "Decisions made since the engine opened",
          Tags.of(
              "reason", reason.name(),
              "result", reason.mustAttemptPull() ? "pull" : "use",
              "kubelet.result", reason.kubeletLabel()),
          m -> m.decisions(reason));
    }
    gauge(
        registry,
        "pullgate.records",
        "Pulled records in the store",
        Tags.empty(),
        m -> countOrNaN(m.storedRecords()));
    gauge(
        registry,
        "pullgate.intents",
        "Pull intents in the store",
        Tags.empty(),
        m -> countOrNaN(m.storedIntents()));
    gauge(
        registry,
        "pullgate.pulls.in.flight",
        "Pulls this process started and has not finished",
        Tags.empty(),
        PullGateMetrics::inFlightPulls);
    gauge(
        registry,
        "pullgate.store.damaged",
        "1 while the store is known to be damaged, so decisions resting on a missing record pull",
        Tags.empty(),
        m -> m.storeDamaged() ? 1 : 0);
    counter(
        registry,
        "pullgate.store.errors",
        "Decisions that met a store failure or a damaged store and failed closed",
        Tags.empty(),
        PullGateMetrics::storeErrors);
    counter(
        registry,
        "pullgate.merges.dropped",
        "Merges that decisions asked for, dropped because too many waited",
        Tags.empty(),
        PullGateMetrics::droppedMerges);
    bindCache(
        registry,
        "records",
        Statistics::recordHits,
        Statistics::recordMisses,
        Statistics::recordEvictions,
        Statistics::cachedRecords);
    bindCache(
        registry,
        "intents",
        Statistics::intentHits,
        Statistics::intentMisses,
        Statistics::intentEvictions,
        Statistics::cachedIntents);
  }

  /** The meters of one of the cache's two parts: stored records, or intent lookups. */
  private void bindCache(
      MeterRegistry registry,
      String cache,
      ToLongFunction<Statistics> hits,
      ToLongFunction<Statistics> misses,
      ToLongFunction<Statistics> evictions,
      ToLongFunction<Statistics> size) {
    String description = "Lookups of the engine's cache";
    counter(
        registry,
        "pullgate.cache.gets",
        description,
        Tags.of("cache", cache, "result", "hit"),
        m -> hits.applyAsLong(m.cache()));
    counter(
        registry,
        "pullgate.cache.gets",
        description,
        Tags.of("cache", cache, "result", "miss"),
        m -> misses.applyAsLong(m.cache()));
    counter(
        registry,
        "pullgate.cache.evictions",
        "Entries the engine's cache evicted to stay within its bound",
        Tags.of("cache", cache),
        m -> evictions.applyAsLong(m.cache()));
    gauge(
        registry,
        "pullgate.cache.size",
        "Entries in the engine's cache",
        Tags.of("cache", cache),
        m -> size.applyAsLong(m.cache()));
  }

  private void counter(
      MeterRegistry registry,
      String name,
      String description,
      Tags own,
      ToDoubleFunction<PullGateMetrics> value) {
    FunctionCounter.builder(name, gate, g -> read(g, value))
        .description(description)
        .tags(own.and(tags))
        .register(registry);
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String description,
      Tags own,
      ToDoubleFunction<PullGateMetrics> value) {
    Gauge.builder(name, gate, g -> read(g, value))
        .description(description)
        .tags(own.and(tags))
        .register(registry);
  }

  /** One value of a fresh snapshot, or NaN when the engine cannot give one (it is closed). */
  private static double read(PullGate gate, ToDoubleFunction<PullGateMetrics> value) {
    try {
      return value.applyAsDouble(gate.metrics());
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** A store's count, where -1 means that the store cannot tell. */
  private static double countOrNaN(long count) {
    return count < 0 ? Double.NaN : count;
  }
}
