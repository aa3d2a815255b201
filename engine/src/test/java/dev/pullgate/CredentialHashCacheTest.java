package dev.pullgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.CredentialHashCache;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link CredentialHashCache}, what an agent puts in front of hashing its pull secrets: one hash
 * per secret uid, resourceVersion and registry entry, never holding a raw credential, bounded.
 */
class CredentialHashCacheTest {
  private static final SecretCoordinates REGCRED =
      new SecretCoordinates("7d3f0c4e-8a51-4c39-9a0e-2f1b6c0d9e11", "team-a", "regcred");
  private static final String REGISTRY = "registry.example";
  private static final RegistryAuth USER_PASS = new RegistryAuth("user", "pass", "");

  /** ENGINE-SPEC §2's known answer for username user, password pass, no email. */
  private static final String USER_PASS_HASH =
      "cb54b00fb550d4a17c448149caa29f38f4d5a44fb87c752e43db8160af3a032a";

  @Test
  void secret_isTheKubeletHashOfTheRegistryEntry() {
    CredentialHashCache cache = new CredentialHashCache(10);
    SecretCredential secret = cache.secret(REGCRED, "100", REGISTRY, () -> USER_PASS);
    assertThat(secret.coordinates()).isEqualTo(REGCRED);
    assertThat(secret.hash().hex()).isEqualTo(USER_PASS_HASH);
    assertThat(secret.hash()).isEqualTo(CredentialHash.of(USER_PASS));
  }

  @Test
  void secret_isHashedOncePerUidResourceVersionAndRegistry() {
    CredentialHashCache cache = new CredentialHashCache(10);
    AtomicInteger asked = new AtomicInteger();
    Supplier<RegistryAuth> auth =
        () -> {
          asked.incrementAndGet();
          return USER_PASS;
        };
    SecretCredential first = cache.secret(REGCRED, "100", REGISTRY, auth);
    SecretCredential again = cache.secret(REGCRED, "100", REGISTRY, auth);
    assertThat(again).isSameAs(first);
    assertThat(asked).hasValue(1);
    assertThat(cache.hashed()).isOne();
    assertThat(cache.reused()).isOne();

    cache.secret(REGCRED, "100", "other.example", auth);
    SecretCoordinates recreated = new SecretCoordinates("new-uid", "team-a", "regcred");
    cache.secret(recreated, "100", REGISTRY, auth);
    assertThat(asked).hasValue(3);
    assertThat(cache.hashed()).isEqualTo(3);
  }

  @Test
  void secret_newResourceVersion_isHashedAfresh_andTheOldOneStaysCached() {
    CredentialHashCache cache = new CredentialHashCache(10);
    RegistryAuth rotated = new RegistryAuth("user", "new-pass", "");
    SecretCredential v100 = cache.secret(REGCRED, "100", REGISTRY, () -> USER_PASS);
    SecretCredential v101 = cache.secret(REGCRED, "101", REGISTRY, () -> rotated);
    assertThat(v101.hash()).isEqualTo(CredentialHash.of(rotated)).isNotEqualTo(v100.hash());
    assertThat(v101.coordinates()).isEqualTo(REGCRED);
    assertThat(cache.secret(REGCRED, "100", REGISTRY, () -> rotated)).isSameAs(v100);
    assertThat(cache.hashed()).isEqualTo(2);
  }

  @Test
  void secret_keepsNeitherTheSupplierNorTheRegistryEntry() {
    CredentialHashCache cache = new CredentialHashCache(10);
    List<WeakReference<Object>> refs = hashThroughAFreshSupplier(cache);
    for (int attempt = 0; attempt < 50 && refs.stream().anyMatch(r -> r.get() != null); attempt++) {
      System.gc();
    }
    assertThat(refs).allMatch(r -> r.get() == null, "collected");
    // The cache still answers from what it kept: the hash alone.
    assertThat(cache.secret(REGCRED, "100", REGISTRY, () -> USER_PASS).hash().hex())
        .isEqualTo(USER_PASS_HASH);
    assertThat(cache.hashed()).isOne();
  }

  /** Hashes through a supplier and an entry that nothing but the cache could still reach. */
  private static List<WeakReference<Object>> hashThroughAFreshSupplier(CredentialHashCache cache) {
    RegistryAuth auth = new RegistryAuth("user", new String("pass".toCharArray()), "");
    Supplier<RegistryAuth> supplier = () -> auth;
    cache.secret(REGCRED, "100", REGISTRY, supplier);
    return List.of(new WeakReference<>(supplier), new WeakReference<>(auth));
  }

  @Test
  void cache_isBounded() {
    int bound = 10;
    int keys = 10_000;
    CredentialHashCache cache = new CredentialHashCache(bound);
    for (int i = 0; i < keys; i++) {
      cache.secret(REGCRED, Integer.toString(i), REGISTRY, () -> USER_PASS);
    }
    long reusedBefore = cache.reused();
    for (int i = 0; i < keys; i++) {
      cache.secret(REGCRED, Integer.toString(i), REGISTRY, () -> USER_PASS);
    }
    // An unbounded cache would answer all of them again; eviction runs in the background, so a
    // bounded one may briefly hold more than its bound, never thousands more.
    assertThat(cache.reused() - reusedBefore).isLessThan(keys / 10);
    assertThat(cache.hashed()).isGreaterThan(2L * keys - keys / 10);
  }

  @Test
  void arguments_areChecked() {
    assertThatThrownBy(() -> new CredentialHashCache(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEntries must be positive, was 0");
    CredentialHashCache cache = new CredentialHashCache(1);
    assertThatNullPointerException()
        .isThrownBy(() -> cache.secret(null, "1", REGISTRY, () -> USER_PASS));
    assertThatNullPointerException()
        .isThrownBy(() -> cache.secret(REGCRED, null, REGISTRY, () -> USER_PASS));
    assertThatNullPointerException()
        .isThrownBy(() -> cache.secret(REGCRED, "1", null, () -> USER_PASS));
    assertThatNullPointerException().isThrownBy(() -> cache.secret(REGCRED, "1", REGISTRY, null));
    assertThat(cache.hashed()).isZero();
  }
}
