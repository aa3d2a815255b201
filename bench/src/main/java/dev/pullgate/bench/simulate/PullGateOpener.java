package dev.pullgate.bench.simulate;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.store.ForwardingPullRecordStore;
import dev.pullgate.store.PullRecordStore;
import java.time.InstantSource;

/**
 * Opens the {@link PullGate} of a simulated node agent or of a replayed trace, over a store that
 * survives restarts: the one seam through which simulations and replays run against any record
 * store.
 *
 * <p>The caller calls {@link #open} once at the start and again after each restart, having closed
 * the previous engine first. Every call must open over the records that the previous engine left
 * behind, as an agent restarting on a real node does; a simulated day also needs the first call to
 * find the store empty. The caller closes every engine it opened. The opener may add store settings
 * to {@code config} (kind, path, sync mode) but must keep its decision settings.
 */
@FunctionalInterface
public interface PullGateOpener {

  /**
   * Opens an engine with {@code config}'s decision settings and {@code clock} as its time, over
   * this opener's store.
   */
  PullGate open(PullGateConfig config, InstantSource clock);

  /**
   * An opener over one in-memory store that outlives its engines: closing an engine leaves the
   * records in memory for the next one.
   */
  static PullGateOpener inMemory() {
    PullRecordStore records = PullRecordStore.inMemory();
    return (config, clock) -> PullGate.open(config, new Surviving(records), clock);
  }

  /** A store that forwards everything to another but leaves it open when it is closed. */
  final class Surviving extends ForwardingPullRecordStore {
    Surviving(PullRecordStore records) {
      super(records);
    }

    @Override
    public void close() {
      flush();
    }
  }
}
