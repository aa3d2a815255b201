package dev.pullgate.record;

import java.util.Objects;

/**
 * A note that the node is about to pull an image, written before the pull and removed after it
 * ends; while it stands the image counts as pulled by the node.
 *
 * @param image the pod's image string exactly as written, the intent's key
 */
public record PullIntent(String image) {
  public PullIntent {
    Objects.requireNonNull(image, "image");
  }
}
