package dev.pullgate;

import java.util.List;
import java.util.Objects;

/**
 * An image as the container runtime lists it at start-up, for reconciling pull intents with what
 * actually got pulled.
 *
 * @param id the runtime's image id, which becomes the imageRef of a reconciled record
 * @param repoTags the references the image is tagged with ({@code nginx:1.25})
 * @param repoDigests the digested references of the image ({@code nginx@sha256:…})
 */
public record RuntimeImage(String id, List<String> repoTags, List<String> repoDigests) {
  /**
   * Copies the lists, so that the image stays as the runtime listed it.
   *
   * @param id the runtime's image id
   * @param repoTags the references the image is tagged with
   * @param repoDigests the digested references of the image
   */
  public RuntimeImage {
    Objects.requireNonNull(id, "id");
    repoTags = List.copyOf(Objects.requireNonNull(repoTags, "repoTags"));
    repoDigests = List.copyOf(Objects.requireNonNull(repoDigests, "repoDigests"));
  }
}
