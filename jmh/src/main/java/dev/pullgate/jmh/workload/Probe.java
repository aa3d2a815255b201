package dev.pullgate.jmh.workload;

import dev.pullgate.credential.PodCredentials;

/**
 * The inputs of one decision, built once before measuring: a pod asks whether it may use {@code
 * image}, present on the node as {@code imageRef}. The floors that skip parsing and credential
 * lookups read the same inputs already reduced to bytes.
 *
 * @param record the record (or preloaded image) number in its {@link Workload}
 * @param image the image as the pod writes it
 * @param imageRef the runtime's identity of the image
 * @param pod the pod's credentials
 * @param imageName the UTF-8 bytes of {@code image}'s normalised name
 * @param hash the credential hash of the pod's secret, or null when the pod offers none
 */
public record Probe(
    int record, String image, String imageRef, PodCredentials pod, byte[] imageName, byte[] hash) {}
