package dev.pullgate.bench.simulate;

import dev.pullgate.RuntimeImage;
import dev.pullgate.bench.simulate.ImageCatalog.CatalogImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The container runtime of the simulated node: which images are present, when each was last used,
 * and which pulls are in flight. It knows nothing of records; the engine and the reference model
 * keep those.
 */
final class NodeImages {
  private final List<CatalogImage> catalog;
  private final boolean[] present;
  private final long[] lastUsedMillis;
  private final int[] pullsInFlight;
  private final Set<Pull> inFlight = new LinkedHashSet<>();

  NodeImages(ImageCatalog catalog) {
    this.catalog = catalog.all();
    int n = this.catalog.size();
    this.present = new boolean[n];
    this.lastUsedMillis = new long[n];
    this.pullsInFlight = new int[n];
  }

  /** Puts a share of the catalog on the node at dawn, as if preloaded into the machine image. */
  void preload(SplittableRandom random, double share) {
    for (CatalogImage image : catalog) {
      if (random.nextDouble() < share) {
        present[image.index()] = true;
      }
    }
  }

  boolean isPresent(CatalogImage image) {
    return present[image.index()];
  }

  /** Notes that a container just used {@code image}. */
  void touch(CatalogImage image, long nowMillis) {
    lastUsedMillis[image.index()] = nowMillis;
  }

  /** Puts {@code image} on the node, used just now. */
  void markPresent(CatalogImage image, long nowMillis) {
    present[image.index()] = true;
    touch(image, nowMillis);
  }

  void pullStarted(Pull pull) {
    inFlight.add(pull);
    pullsInFlight[pull.image.index()]++;
  }

  void pullEnded(Pull pull) {
    inFlight.remove(pull);
    pullsInFlight[pull.image.index()]--;
  }

  boolean hasPullsInFlight() {
    return !inFlight.isEmpty();
  }

  /** Cuts off every pull in flight, as an agent crash does, and returns them in start order. */
  List<Pull> interruptAll() {
    List<Pull> cut = new ArrayList<>(inFlight);
    for (Pull pull : cut) {
      pull.interrupt();
      pullEnded(pull);
    }
    return cut;
  }

  /**
   * Removes each image that no pull is fetching and that has been idle for {@code minIdleMillis},
   * with probability {@code share}; returns the removed images.
   */
  List<CatalogImage> collectGarbage(
      SplittableRandom random, long nowMillis, double share, long minIdleMillis) {
    List<CatalogImage> removed = new ArrayList<>();
    for (CatalogImage image : catalog) {
      int i = image.index();
      if (present[i]
          && pullsInFlight[i] == 0
          && nowMillis - lastUsedMillis[i] >= minIdleMillis
          && random.nextDouble() < share) {
        present[i] = false;
        removed.add(image);
      }
    }
    return removed;
  }

  /** Every image on the node, in catalog order. */
  List<CatalogImage> presentImages() {
    List<CatalogImage> images = new ArrayList<>();
    for (CatalogImage image : catalog) {
      if (present[image.index()]) {
        images.add(image);
      }
    }
    return images;
  }

  /** The imageRefs of every image on the node. */
  Set<String> presentImageRefs() {
    Set<String> refs = new HashSet<>();
    for (CatalogImage image : catalog) {
      if (present[image.index()]) {
        refs.add(image.imageRef());
      }
    }
    return refs;
  }

  /** The runtime's image list, as it reports it to an agent starting up. */
  List<RuntimeImage> runtimeImages() {
    List<RuntimeImage> images = new ArrayList<>();
    for (CatalogImage image : catalog) {
      if (present[image.index()]) {
        List<String> tags = image.byDigest() ? List.of() : List.of(image.image());
        List<String> digests = image.byDigest() ? List.of(image.image()) : List.of();
        images.add(new RuntimeImage(image.imageRef(), tags, digests));
      }
    }
    return images;
  }
}
