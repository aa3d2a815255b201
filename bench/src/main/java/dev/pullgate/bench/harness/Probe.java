package dev.pullgate.bench.harness;

import dev.pullgate.credential.PodCredentials;
import java.util.Objects;

/**
 * One decision a workload asks for: a pod with {@code pod}'s credentials wants to use {@code
 * image}, present on the node as {@code imageRef}.
 *
 * @param image the image as the pod spec writes it
 * @param imageRef the container runtime's identity of the image
 * @param pod the pod's credentials
 */
public record Probe(String image, String imageRef, PodCredentials pod) {
  public Probe {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(imageRef, "imageRef");
    Objects.requireNonNull(pod, "pod");
  }
}
