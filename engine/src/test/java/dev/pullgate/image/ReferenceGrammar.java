package dev.pullgate.image;

import java.util.regex.Pattern;

/**
 * The docker/distribution reference grammar (release 0.6, as vendored by the kubelet) as regular
 * expressions, built from its named parts so that each reads like the production of the same name.
 * Main code scans by hand ({@link ReferenceScanner}); these expressions remain as the oracle it is
 * tested against.
 *
 * <p>Upstream matches {@code domain "/" remainder} in one expression. Because no tag or digest can
 * hold a {@code /}, that is the same as matching the first component against {@link #DOMAIN} (or,
 * failing that, {@link #PATH_COMPONENT}) and the remainder against {@link #REMAINDER} separately,
 * which is what {@link ReferenceOracle} does so that it never builds the joined string.
 */
final class ReferenceGrammar {
  static final String ALPHANUMERIC = "[a-z0-9]+";
  static final String SEPARATOR = "(?:[._]|__|[-]+)";
  static final String PATH_COMPONENT_PATTERN =
      ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
  static final String DOMAIN_NAME_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  static final String DOMAIN_NAME = DOMAIN_NAME_COMPONENT + "(?:\\." + DOMAIN_NAME_COMPONENT + ")*";
  static final String IPV6_ADDRESS = "\\[(?:[a-fA-F0-9:]+)\\]";
  static final String HOST = "(?:" + DOMAIN_NAME + "|" + IPV6_ADDRESS + ")";
  static final String DOMAIN_AND_PORT = HOST + "(?::[0-9]+)?";
  static final String TAG = "[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}";
  static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  static final String REMOTE_NAME = PATH_COMPONENT_PATTERN + "(?:/" + PATH_COMPONENT_PATTERN + ")*";

  /** A registry host with an optional port: the first component of a qualified name. */
  static final Pattern DOMAIN = Pattern.compile(DOMAIN_AND_PORT);

  /** One component of a repository path. */
  static final Pattern PATH_COMPONENT = Pattern.compile(PATH_COMPONENT_PATTERN);

  /** What follows the domain: group 1 the repository path, group 2 the tag, group 3 the digest. */
  static final Pattern REMAINDER =
      Pattern.compile("(" + REMOTE_NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");

  private ReferenceGrammar() {}
}
