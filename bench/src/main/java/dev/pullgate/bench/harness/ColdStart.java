package dev.pullgate.bench.harness;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.SecretCredential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cold starts of a store: builds a store of a synthetic node's records once, then starts a fresh
 * JVM per run ({@link ColdStartMain}, with the flags lmdbjava needs) that opens it and answers one
 * decision a record of the store grants, and reads back where the time went.
 *
 * <p>The JVM is as fresh as a restarted agent's: nothing of it was loaded before. The store's files
 * are not: they were just written, so the operating system's page cache holds them, as it does on a
 * node whose agent restarts (dropping that cache needs root).
 */
final class ColdStart {
  /** The JVM flags every child gets: lmdbjava's, and those that let it read its class loading. */
  static final List<String> JVM_FLAGS =
      List.of(
          "--add-opens",
          "java.base/java.nio=ALL-UNNAMED",
          "--add-opens",
          "java.base/sun.nio.ch=ALL-UNNAMED",
          ClassLoadingTime.JVM_FLAGS[0],
          ClassLoadingTime.JVM_FLAGS[1]);

  private static final long TIMEOUT_SECONDS = 300;

  private ColdStart() {}

  /**
   * Builds a store of {@code records} records of the catalog drawn from {@code seed} in {@code dir}
   * through {@code adapter}, then runs {@code runs} cold starts over it, calling {@code runDone}
   * after each.
   *
   * @throws BenchFailure when a child fails or decides otherwise than the store grants
   */
  static ColdStartResult measure(
      StoreAdapter adapter, int records, int runs, Path dir, long seed, Runnable runDone) {
    SyntheticCatalog catalog = new SyntheticCatalog(seed, records);
    RecordLoader.load(
        adapter.opener(dir), PullGateConfig.defaults(), InstantSource.system(), catalog, records);
    int image = catalog.firstPrivateImage();
    SecretCredential secret =
        catalog.secret(SyntheticCatalog.namespaceOf(catalog.team(image), 0), 0);
    List<String> args =
        List.of(
            adapter.id(),
            dir.toAbsolutePath().toString(),
            catalog.image(image),
            catalog.imageRef(image),
            secret.coordinates().uid(),
            secret.coordinates().namespace(),
            secret.coordinates().name(),
            secret.hash().hex());
    List<ColdStartSample> samples = new ArrayList<>(runs);
    for (int run = 0; run < runs; run++) {
      samples.add(runChild(adapter, records, args));
      runDone.run();
    }
    return ColdStartResult.of(adapter, records, samples);
  }

  private static ColdStartSample runChild(StoreAdapter adapter, int records, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ColdStartMain.class.getName());
    command.addAll(args);
    String what = "the cold start of " + adapter + " with " + records + " records";
    try {
      long launchedAt = ColdStartMain.epochMicros();
      Process process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new BenchFailure(what + " did not end within " + TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new BenchFailure(
            what + " failed (exit " + process.exitValue() + "): " + err.join().strip());
      }
      return sample(what, out.join(), launchedAt);
    } catch (IOException e) {
      throw new BenchFailure(what + " could not start a JVM: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure(what + " was interrupted", e);
    }
  }

  /** The sample that the child's line describes. */
  static ColdStartSample sample(String what, String output, long launchedAtMicros) {
    Map<String, String> fields = new HashMap<>();
    for (String field : output.strip().split(" ")) {
      int equals = field.indexOf('=');
      if (equals > 0) {
        fields.put(field.substring(0, equals), field.substring(equals + 1));
      }
    }
    String reason = fields.get("reason");
    if (!DecisionReason.SECRET_HASH_MATCH.name().equals(reason)) {
      throw new BenchFailure(
          what
              + " decided "
              + reason
              + ", where its store grants "
              + DecisionReason.SECRET_HASH_MATCH
              + (output.isBlank() ? " (it printed nothing)" : ""));
    }
    try {
      long mainAt = Long.parseLong(fields.get("main"));
      long endAt = Long.parseLong(fields.get("end"));
      return new ColdStartSample(
          (mainAt - launchedAtMicros) * 1_000,
          Long.parseLong(fields.get("open")),
          Long.parseLong(fields.get("open-classes")),
          Long.parseLong(fields.get("decision")),
          Long.parseLong(fields.get("decision-classes")),
          (endAt - launchedAtMicros) * 1_000);
    } catch (NumberFormatException e) {
      throw new BenchFailure(what + " printed an unreadable line: " + output.strip(), e);
    }
  }

  /** Reads {@code in} to its end on a thread of its own, so that no pipe of the child fills up. */
  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
          }
        },
        task -> {
          Thread thread = new Thread(task, "pullgate-bench-child-output");
          thread.setDaemon(true);
          thread.start();
        });
  }
}
