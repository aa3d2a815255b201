package dev.pullgate.jmh.floor;

import dev.pullgate.jmh.workload.Workload;

/** The floors, each a factory of its adapter over the records a scenario visits. */
public enum FloorKind {
  /** {@code ConcurrentHashMap.get} of the record by imageRef. */
  CONCURRENT_HASH_MAP {
    @Override
    public Floor create(Workload workload, int[] records) {
      return new ConcurrentHashMapFloor(FlatRecords.of(workload, records));
    }
  },
  /** Caffeine's {@code getIfPresent} of the record by imageRef. */
  CAFFEINE {
    @Override
    public Floor create(Workload workload, int[] records) {
      return new CaffeineFloor(FlatRecords.of(workload, records));
    }
  },
  /** lmdbjava's {@code Dbi.get} on the engine's data file, in a reused read transaction. */
  LMDB_GET {
    @Override
    public Floor create(Workload workload, int[] records) {
      return LmdbGetFloor.open(workload, records);
    }
  },
  /**
   * The design's own floor: a flat record in Caffeine, one image name and one hash compared in
   * place.
   */
  FLAT_DECISION {
    @Override
    public Floor create(Workload workload, int[] records) {
      return new FlatDecisionFloor(FlatRecords.of(workload, records));
    }
  };

  /** This floor over {@code records} of {@code workload}, which it holds or finds stored. */
  public abstract Floor create(Workload workload, int[] records);
}
