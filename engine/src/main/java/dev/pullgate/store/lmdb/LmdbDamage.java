package dev.pullgate.store.lmdb;

import java.util.Objects;

/**
 * One damaged entry that {@link LmdbPullRecordStore#verify()} found.
 *
 * @param kind what the entry should hold: {@code "pulled record"} or {@code "pull intent"}
 * @param key the entry's key, printable: the imageRef or image string (control characters escaped,
 *     long strings shortened), {@code digest:} and hex for a digest key, or {@code bytes:} and hex
 *     for a key that is not UTF-8
 * @param problem what is wrong, never what the value holds
 */
public record LmdbDamage(String kind, String key, String problem) {
  public LmdbDamage {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(problem, "problem");
  }

  @Override
  public String toString() {
    return kind + " " + key + ": " + problem;
  }
}
