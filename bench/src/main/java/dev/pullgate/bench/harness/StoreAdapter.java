package dev.pullgate.bench.harness;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.bench.simulate.PullGateOpener;
import dev.pullgate.kubelet.KubeletApiVersion;
import dev.pullgate.kubelet.KubeletFileRecordStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A record store that {@code pullgate bench} measures the engine over. Every adapter decides
 * through the same engine ({@link PullGate}); only the store under it differs, so the same workload
 * gets the same decisions from each and the measurements compare the stores alone.
 */
public enum StoreAdapter {
  /** The stack an agent opens: LMDB under the write-behind layer under the Caffeine cache. */
  PULLGATE_CACHED(
      "pullgate-cached",
      "Pullgate's default stack: LMDB under write-behind under the record and intent caches,"
          + " at their default sizes"),

  /** The same stack with both caches off: every decision reads the LMDB memory map. */
  PULLGATE_LMDB(
      "pullgate-lmdb",
      "Pullgate with its record and intent caches off: every decision reads the LMDB map"),

  /** The kubelet's file per record store with its LRU caches at the kubelet's sizes. */
  KUBELET_LRU(
      "kubelet-lru",
      "the kubelet's store, a JSON file per record, with its LRU caches of "
          + KubeletFileRecordStore.MAX_RECORD_CACHE
          + " records and "
          + KubeletFileRecordStore.MAX_INTENT_CACHE
          + " intents"),

  /** The kubelet's file per record store with its caches off. */
  KUBELET_NO_LRU(
      "kubelet-nolru",
      "the kubelet's store without its LRU caches: every lookup reads or looks for a file");

  /**
   * The most records a kubelet store is built with: it writes a file per record, and a directory of
   * a million files takes many minutes to build and list.
   */
  public static final int KUBELET_MAX_RECORDS = 100_000;

  private static final PullGateConfig DEFAULTS = PullGateConfig.defaults();

  private final String id;
  private final String description;

  StoreAdapter(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /** The adapter's name on the command line and in reports, such as {@code pullgate-cached}. */
  public String id() {
    return id;
  }

  /** What the adapter measures, in a sentence fragment. */
  public String description() {
    return description;
  }

  /** Whether this adapter is the kubelet's file store, with or without its caches. */
  public boolean isKubelet() {
    return this == KUBELET_LRU || this == KUBELET_NO_LRU;
  }

  /** The most records this adapter's store is built with. */
  public int maxRecords() {
    return isKubelet() ? KUBELET_MAX_RECORDS : Integer.MAX_VALUE;
  }

  /**
   * The opener of engines over this adapter's store in {@code dir} (created when absent). Each
   * engine keeps the decision settings of the configuration it is given; the adapter chooses the
   * store and its caches.
   */
  public PullGateOpener opener(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return switch (this) {
      case PULLGATE_CACHED -> (config, clock) -> PullGate.open(lmdb(config, dir, true), clock);
      case PULLGATE_LMDB -> (config, clock) -> PullGate.open(lmdb(config, dir, false), clock);
      case KUBELET_LRU ->
          (config, clock) -> PullGate.open(config, KubeletFileRecordStore.open(dir), clock);
      case KUBELET_NO_LRU ->
          (config, clock) ->
              PullGate.open(
                  config,
                  KubeletFileRecordStore.openUncached(dir, KubeletApiVersion.DEFAULT),
                  clock);
    };
  }

  private static PullGateConfig lmdb(PullGateConfig config, Path dir, boolean cached) {
    return config.toBuilder()
        .storeKind(PullGateConfig.StoreKind.LMDB)
        .storePath(dir)
        .cacheMaxRecords(cached ? DEFAULTS.cacheMaxRecords() : 0)
        .cacheMaxIntents(cached ? DEFAULTS.cacheMaxIntents() : 0)
        .build();
  }

  /**
   * The adapter named {@code id}.
   *
   * @throws IllegalArgumentException naming every adapter when there is none by that name
   */
  public static StoreAdapter fromId(String id) {
    for (StoreAdapter adapter : values()) {
      if (adapter.id.equals(id)) {
        return adapter;
      }
    }
    throw new IllegalArgumentException(
        "no adapter is named " + quoted(id) + "; the adapters are " + String.join(", ", ids()));
  }

  /** The names of every adapter, in order. */
  public static List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (StoreAdapter adapter : values()) {
      ids.add(adapter.id);
    }
    return ids;
  }

  private static String quoted(String id) {
    boolean plain = id.length() <= 40 && id.chars().allMatch(c -> c >= ' ' && c <= '~');
    return plain ? "'" + id + "'" : "that";
  }

  @Override
  public String toString() {
    return id;
  }
}
