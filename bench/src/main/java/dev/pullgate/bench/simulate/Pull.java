package dev.pullgate.bench.simulate;

import dev.pullgate.bench.simulate.ImageCatalog.CatalogImage;
import dev.pullgate.credential.PullCredentials;

/** One image pull in flight on the simulated node, from its intent until it ends or is cut off. */
final class Pull {
  final CatalogImage image;
  final PullCredentials credentials;
  final boolean authorised;
  private boolean interrupted;

  /**
   * A pull of {@code image} with {@code credentials}, which the registry accepts when {@code
   * authorised}.
   */
  Pull(CatalogImage image, PullCredentials credentials, boolean authorised) {
    this.image = image;
    this.credentials = credentials;
    this.authorised = authorised;
  }

  /** Marks the pull cut off by an agent restart: its completion never reaches the engine. */
  void interrupt() {
    interrupted = true;
  }

  boolean interrupted() {
    return interrupted;
  }
}
