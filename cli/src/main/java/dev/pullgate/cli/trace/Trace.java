package dev.pullgate.cli.trace;

import dev.pullgate.PullGateConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A whole parsed trace: the engine configuration its {@code config} line gave (or the defaults) and
 * its ops in order. Only a trace that parsed completely exists, so replay never starts on a trace
 * that breaks later.
 *
 * @param config the engine configuration; its hash key file is set only by {@link #withHashKey}
 * @param keyedHashes whether the trace asks for a store that keeps credential hashes under a key,
 *     whose file replay supplies
 * @param ops every op after the config, in trace order
 */
public record Trace(PullGateConfig config, boolean keyedHashes, List<TraceOp> ops) {
  public Trace {
    Objects.requireNonNull(config, "config");
    ops = List.copyOf(ops);
  }

  /** This trace with its engine keeping credential hashes under the key in {@code keyFile}. */
  public Trace withHashKey(Path keyFile) {
    return new Trace(
        config.toBuilder().hashKey(Objects.requireNonNull(keyFile, "keyFile")).build(),
        keyedHashes,
        ops);
  }
}
