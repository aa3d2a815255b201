package dev.pullgate.bench.simulate;

import dev.pullgate.PullGate;
import dev.pullgate.bench.simulate.ImageCatalog.CatalogImage;

/**
 * Compares the engine's store with the reference model once the day is over: every imageRef has a
 * pulled record exactly when the model says so, and every image string a stored intent exactly when
 * the model says so.
 */
final class EndOfDayCheck {
  private final ImageCatalog catalog;
  private final ReferenceModel model;
  private final OutcomeTally tally;

  EndOfDayCheck(ImageCatalog catalog, ReferenceModel model, OutcomeTally tally) {
    this.catalog = catalog;
    this.model = model;
    this.tally = tally;
  }

  /** Counts each difference between {@code gate}'s store and the model as a mismatch. */
  void compare(PullGate gate, long atMillis) {
    for (CatalogImage image : catalog.all()) {
      boolean record = gate.pulledRecord(image.imageRef()).isPresent();
      if (record != model.hasRecord(image.imageRef())) {
        tally.mismatch(
            atMillis,
            "the store "
                + (record ? "has" : "lacks")
                + " the record of "
                + image.image()
                + ", the model disagrees");
      }
      boolean intent = gate.pullIntentExists(image.image());
      if (intent != model.hasIntent(image.image())) {
        tally.mismatch(
            atMillis,
            "the store "
                + (intent ? "has" : "lacks")
                + " an intent for "
                + image.image()
                + ", the model disagrees");
      }
    }
  }
}
