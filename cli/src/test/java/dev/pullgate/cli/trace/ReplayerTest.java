package dev.pullgate.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.bench.simulate.PullGateOpener;
import dev.pullgate.error.StoreException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replayer over the {@link PullGateOpener} seam: opening, restarting and failing to reopen. */
class ReplayerTest {
  private static final String REF = "sha256:" + "1".repeat(64);
  private static final List<String> RESTARTING_TRACE =
      List.of(
          "{\"op\":\"pulled\",\"image\":\"nginx\",\"imageRef\":\"" + REF + "\"}",
          "{\"op\":\"restart\"}",
          "{\"op\":\"expectRecord\",\"imageRef\":\"" + REF + "\",\"exists\":true}");

  @Test
  void replay_restart_reopensTheSameStoreSoRecordsSurvive() throws Exception {
    CountingOpener opener = new CountingOpener(Integer.MAX_VALUE);
    StringWriter out = new StringWriter();

    ReplayResult result =
        Replayer.replay(TraceParser.parse(RESTARTING_TRACE), opener, new PrintWriter(out, true));

    assertThat(result).isEqualTo(new ReplayResult(1, 0));
    assertThat(opener.opens).isEqualTo(2);
    assertThat(out.toString()).isEqualTo("line 3 expectRecord: record with imageNames [] ok\n");
  }

  @Test
  void replay_reopenFails_stopsWithTheRestartLine() throws Exception {
    Trace trace = TraceParser.parse(RESTARTING_TRACE);
    PrintWriter out = new PrintWriter(new StringWriter());

    assertThatThrownBy(() -> Replayer.replay(trace, new CountingOpener(1), out))
        .isInstanceOf(EngineOpenException.class)
        .hasMessage("line 2: the engine could not be reopened: disk on fire")
        .extracting(e -> ((EngineOpenException) e).line())
        .isEqualTo(2);
  }

  @Test
  void replay_firstOpenFails_stopsBeforeAnyLine() throws Exception {
    Trace trace = TraceParser.parse(RESTARTING_TRACE);
    StringWriter out = new StringWriter();

    assertThatThrownBy(() -> Replayer.replay(trace, new CountingOpener(0), new PrintWriter(out)))
        .isInstanceOf(EngineOpenException.class)
        .hasMessage("the engine could not be opened: disk on fire");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void closingLine_countsPassedAndFailed() {
    assertThat(new ReplayResult(12, 3).closingLine()).isEqualTo("12 passed, 3 failed");
    assertThat(new ReplayResult(12, 3).succeeded()).isFalse();
    assertThat(new ReplayResult(1, 0).succeeded()).isTrue();
  }

  /** An in-memory opener that counts its opens and fails every open after the first few. */
  private static final class CountingOpener implements PullGateOpener {
    private final PullGateOpener delegate = PullGateOpener.inMemory();
    private final int successfulOpens;
    int opens;

    CountingOpener(int successfulOpens) {
      this.successfulOpens = successfulOpens;
    }

    @Override
    public PullGate open(PullGateConfig config, InstantSource clock) {
      if (opens++ >= successfulOpens) {
        throw new StoreException("disk on fire");
      }
      return delegate.open(config, clock);
    }
  }
}
