package dev.pullgate.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.PullGateConfig;
import dev.pullgate.error.StoreException;
import dev.pullgate.store.InMemoryPullRecordStore;
import dev.pullgate.store.PullRecordStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replayer over the {@link TraceStore} seam: opening, restarting and failing to reopen. */
class ReplayerTest {
  private static final String REF = "sha256:" + "1".repeat(64);
  private static final List<String> RESTARTING_TRACE =
      List.of(
          "{\"op\":\"pulled\",\"image\":\"nginx\",\"imageRef\":\"" + REF + "\"}",
          "{\"op\":\"restart\"}",
          "{\"op\":\"expectRecord\",\"imageRef\":\"" + REF + "\",\"exists\":true}");

  @Test
  void replay_restart_reopensTheSameStoreSoRecordsSurvive() throws Exception {
    CountingStore store = new CountingStore(false);
    StringWriter out = new StringWriter();

    ReplayResult result =
        Replayer.replay(TraceParser.parse(RESTARTING_TRACE), store, new PrintWriter(out, true));

    assertThat(result).isEqualTo(new ReplayResult(1, 0));
    assertThat(store.opens).isEqualTo(1);
    assertThat(store.reopens).isEqualTo(1);
    assertThat(out.toString()).isEqualTo("line 3 expectRecord: record with imageNames [] ok\n");
  }

  @Test
  void replay_reopenFails_stopsWithTheRestartLine() throws Exception {
    Trace trace = TraceParser.parse(RESTARTING_TRACE);
    PrintWriter out = new PrintWriter(new StringWriter());

    assertThatThrownBy(() -> Replayer.replay(trace, new CountingStore(true), out))
        .isInstanceOf(EngineOpenException.class)
        .hasMessage("line 2: the engine could not be reopened: disk on fire")
        .extracting(e -> ((EngineOpenException) e).line())
        .isEqualTo(2);
  }

  @Test
  void replay_firstOpenFails_stopsBeforeAnyLine() throws Exception {
    TraceStore broken =
        new TraceStore() {
          @Override
          public PullRecordStore open(PullGateConfig config) {
            throw new StoreException("no space left");
          }

          @Override
          public PullRecordStore reopen(PullGateConfig config) {
            throw new AssertionError("never reopened");
          }
        };
    Trace trace = TraceParser.parse(RESTARTING_TRACE);

    assertThatThrownBy(() -> Replayer.replay(trace, broken, new PrintWriter(new StringWriter())))
        .isInstanceOf(EngineOpenException.class)
        .hasMessage("the engine could not be opened: no space left");
  }

  @Test
  void closingLine_countsPassedAndFailed() {
    assertThat(new ReplayResult(12, 3).closingLine()).isEqualTo("12 passed, 3 failed");
    assertThat(new ReplayResult(12, 3).succeeded()).isFalse();
    assertThat(new ReplayResult(1, 0).succeeded()).isTrue();
  }

  /** An in-memory store that counts how often it is opened and may refuse to reopen. */
  private static final class CountingStore implements TraceStore {
    private final InMemoryTraceStore delegate = new InMemoryTraceStore();
    private final boolean failReopen;
    int opens;
    int reopens;

    CountingStore(boolean failReopen) {
      this.failReopen = failReopen;
    }

    @Override
    public PullRecordStore open(PullGateConfig config) {
      opens++;
      return delegate.open(config);
    }

    @Override
    public PullRecordStore reopen(PullGateConfig config) {
      reopens++;
      if (failReopen) {
        throw new StoreException("disk on fire");
      }
      PullRecordStore store = delegate.reopen(config);
      assertThat(store).isInstanceOf(InMemoryPullRecordStore.class);
      return store;
    }
  }
}
