package dev.pullgate.image;

import static dev.pullgate.image.Vectors.H64;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageName.Cursor} allocates nothing to parse and compare to match it, valid image or not:
 * the bytes this thread allocates, as the JVM counts them, do not grow over many parses once warm.
 * An allocation count, not a timing.
 */
class ImageNameCursorAllocationTest {
  private static final String[] IMAGES = {
    "nginx",
    "nginx:1.25",
    "docker.io/library/nginx:latest",
    "index.docker.io/nginx",
    "registry.k8s.io/pause:3.10",
    "ghcr.io/owner/repo/sub:tag",
    "localhost:5000/x:dev",
    "[2001:db8::1]:5000/repo:tag",
    "quay.io/org/app:v1@sha256:" + H64,
    "foo_bar.com/x",
    // Invalid ones, for each reason.
    null,
    "",
    "nginx\t",
    "ngin\u00e9",
    H64,
    "user:password@host/x",
    "Nginx",
    "a//b",
    "nginx:",
    "nginx@sha256:abc",
    "a".repeat(300),
    "nginx@md5:" + "a".repeat(32),
    "nginx@sha256:" + "a".repeat(63),
  };
  private static final int ROUNDS = 1_000;
  private static final int WARM_UP_PASSES = 5;
  private static final int MEASURED_PASSES = 3;

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final ImageName.Cursor cursor = new ImageName.Cursor();
  private final ByteBuffer key = ByteBuffer.allocateDirect(64);
  private long sink;

  /**
   * Warm-up runs the measuring code itself until the JIT has compiled it; the fewest bytes of a few
   * passes then counts, since a compiler switching code can allocate once, while a parse that
   * allocates does so in every pass.
   */
  @Test
  void parseAndCompare_typicalImages_allocateNothing() {
    threads.setThreadAllocatedMemoryEnabled(true);
    key.put("docker.io/library/nginx".getBytes(US_ASCII)).flip();
    for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
      for (String image : IMAGES) {
        allocatedBy(image);
      }
    }

    long[] allocated = new long[IMAGES.length];
    Arrays.fill(allocated, Long.MAX_VALUE);
    for (int pass = 0; pass < MEASURED_PASSES; pass++) {
      for (int i = 0; i < IMAGES.length; i++) {
        allocated[i] = Math.min(allocated[i], allocatedBy(IMAGES[i]));
      }
    }

    System.out.println(
        "ImageNameCursorAllocationTest bytes per image " + Arrays.toString(allocated));
    assertThat(sink).as("work done").isNotZero();
    assertThat(allocated).as("bytes allocated per image, in the order of IMAGES").containsOnly(0L);
  }

  /** The bytes this thread allocates to exercise the cursor {@value #ROUNDS} times on image. */
  private long allocatedBy(String image) {
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int round = 0; round < ROUNDS; round++) {
      sink += exercise(cursor, image, key);
    }
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  /** What the decision path does with a cursor; returns a value that depends on all of it. */
  private static long exercise(ImageName.Cursor cursor, String image, ByteBuffer key) {
    long result = cursor.parse(image) ? 1 : 2;
    for (int i = 0; i < cursor.length(); i++) {
      result += cursor.charAt(i);
    }
    result += cursor.compareNameTo(key, 0, key.limit());
    result += cursor.nameEquals(key, 0, key.limit()) ? 3 : 5;
    result += cursor.nameStartsWith("docker.io/library/") ? 7 : 11;
    result += cursor.nameStartsWith("registry.k8s.io/") ? 13 : 17;
    result += cursor.hasTag() ? 19 : 23;
    result += cursor.hasDigest() ? 29 : 31;
    return result;
  }
}
