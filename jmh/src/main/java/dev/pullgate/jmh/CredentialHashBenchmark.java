package dev.pullgate.jmh;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.CredentialHashCache;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kubelet-compatible hash of a registry credential, which an agent computes for each of a pod's
 * pull secrets: serialising the entry as Go's JSON encoder does, then SHA-256; and what the agent's
 * {@link CredentialHashCache} saves of it.
 *
 * <ul>
 *   <li>{@code hash}: hashing the registry entry, as an agent without the cache does on every pod
 *       start.
 *   <li>{@code cacheHit}: the cache's answer for a secret version it holds: no hashing.
 *   <li>{@code cacheMiss}: a new secret version every call (as after a rotation): hashing, plus the
 *       cache's bookkeeping and, once it is full, an eviction.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      JvmFlags.ADD_OPENS,
      JvmFlags.JAVA_NIO,
      JvmFlags.ADD_OPENS,
      JvmFlags.SUN_NIO_CH
    })
@State(Scope.Benchmark)
public class CredentialHashBenchmark {
  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /**
   * {@code robot}: a robot account with a 40-character password and an email; {@code token}: a
   * cloud registry's access token, about 1,200 characters with no email.
   */
  @Param({"robot", "token"})
  public String credential;

  private static final int CACHE_ENTRIES = 1024;
  private static final SecretCoordinates COORDINATES =
      new SecretCoordinates("7d3f0c4e-8a51-4c39-9a0e-2f1b6c0d9e11", "team-a", "regcred");
  private static final String REGISTRY = "registry.pullgate.test";

  private String username;
  private String password;
  private String email;
  private CredentialHashCache cache;
  private long version;

  @Setup(Level.Trial)
  public void generate() {
    SplittableRandom random = new SplittableRandom(credential.hashCode());
    switch (credential) {
      case "robot" -> {
        username = "team-a-robot";
        password = randomText(random, 40);
        email = "robot@team-a.example";
      }
      case "token" -> {
        username = "oauth2accesstoken";
        password = randomText(random, 1200);
        email = "";
      }
      default ->
          throw new IllegalArgumentException(
              "credential must be robot or token, was " + credential);
    }
    cache = new CredentialHashCache(CACHE_ENTRIES);
    cache.secret(COORDINATES, "1", REGISTRY, this::auth);
  }

  @Benchmark
  public CredentialHash hash() {
    return CredentialHash.of(auth());
  }

  @Benchmark
  public SecretCredential cacheHit() {
    return cache.secret(COORDINATES, "1", REGISTRY, this::auth);
  }

  @Benchmark
  public SecretCredential cacheMiss() {
    // Versions from 2 on: never the one cacheHit uses, and each new to the cache.
    return cache.secret(COORDINATES, Long.toString(2 + version++), REGISTRY, this::auth);
  }

  private RegistryAuth auth() {
    return new RegistryAuth(username, password, email);
  }

  private static String randomText(SplittableRandom random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(BASE64URL.charAt(random.nextInt(BASE64URL.length())));
    }
    return text.toString();
  }
}
