package dev.pullgate.cli.trace;

import dev.pullgate.PullGateConfig;
import java.util.List;
import java.util.Objects;

/**
 * A whole parsed trace: the engine configuration its {@code config} line gave (or the defaults) and
 * its ops in order. Only a trace that parsed completely exists, so replay never starts on a trace
 * that breaks later.
 *
 * @param config the engine configuration
 * @param ops every op after the config, in trace order
 */
public record Trace(PullGateConfig config, List<TraceOp> ops) {
  public Trace {
    Objects.requireNonNull(config, "config");
    ops = List.copyOf(ops);
  }
}
