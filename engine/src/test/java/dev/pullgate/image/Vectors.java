package dev.pullgate.image;

/** Hex digests of each supported length, as constants that annotation vectors can use. */
public final class Vectors {
  /** 64 lowercase hex digits: a sha256 digest, or a bare image identifier. */
  public static final String H64 =
      "0123456789abcdef" + "0123456789abcdef" + "0123456789abcdef" + "0123456789abcdef";

  /** 96 lowercase hex digits: a sha384 digest. */
  public static final String H96 =
      "fedcba9876543210"
          + "fedcba9876543210"
          + "fedcba9876543210"
          + "fedcba9876543210"
          + "fedcba9876543210"
          + "fedcba9876543210";

  /** 128 lowercase hex digits: a sha512 digest. */
  public static final String H128 =
      "0f1e2d3c4b5a6978"
          + "0f1e2d3c4b5a6978"
          + "0f1e2d3c4b5a6978"
          + "0f1e2d3c4b5a6978"
          + "0f1e2d3c4b5a6978"
          + "0f1e2d3c4b5a6978"
          + "0f1e2d3c4b5a6978"
          + "0f1e2d3c4b5a6978";

  private Vectors() {}
}
