package dev.pullgate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pullgate.image.ImageName;
import java.util.Optional;

/**
 * Parsed image strings, each distinct string parsed once: a bounded cache of the parse result,
 * invalid strings included so that a flood of them costs no repeated parsing.
 */
final class ImageNames {
  private final Cache<String, Optional<ImageName>> parsed;

  ImageNames(long maxEntries) {
    this.parsed = Caffeine.newBuilder().maximumSize(maxEntries).build();
  }

  /** The parsed {@code image}, or null when it is not a valid image reference. */
  ImageName lookup(String image) {
    if (image == null) {
      return null;
    }
    Optional<ImageName> name = parsed.getIfPresent(image);
    if (name == null) {
      name = parsed.get(image, ImageName::tryParse);
    }
    return name.orElse(null);
  }
}
