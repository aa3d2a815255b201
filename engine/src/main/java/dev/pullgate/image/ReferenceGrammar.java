package dev.pullgate.image;

import java.util.regex.Pattern;

/**
 * The docker/distribution reference grammar as regular expressions, built from its named parts so
 * that each reads like the grammar's production of the same name.
 */
final class ReferenceGrammar {
  static final String ALPHANUMERIC = "[a-z0-9]+";
  static final String SEPARATOR = "(?:[._]|__|[-]+)";
  static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
  static final String DOMAIN_NAME_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  static final String DOMAIN_NAME = DOMAIN_NAME_COMPONENT + "(?:\\." + DOMAIN_NAME_COMPONENT + ")*";
  static final String IPV6_ADDRESS = "\\[(?:[a-fA-F0-9:]+)\\]";
  static final String HOST = "(?:" + DOMAIN_NAME + "|" + IPV6_ADDRESS + ")";
  static final String DOMAIN_AND_PORT = HOST + "(?::[0-9]+)?";
  static final String TAG = "[\\w][\\w.-]{0,127}";
  static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + REMOTE_NAME;

  /** A whole reference: group 1 the name, group 2 the tag, group 3 the digest. */
  static final Pattern REFERENCE =
      Pattern.compile("(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");

  /** A bare image identifier: 64 lowercase hex digits. */
  static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

  /** A domain as the first component of a name, with an optional port. */
  static final Pattern DOMAIN = Pattern.compile(DOMAIN_AND_PORT);

  /** A repository path below the domain. */
  static final Pattern REMOTE = Pattern.compile(REMOTE_NAME);

  private ReferenceGrammar() {}
}
