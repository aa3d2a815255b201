package dev.pullgate.cli;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human-readable form of records that {@code list} and {@code get} print. Credential hashes
 * appear only in {@code get}, shortened to their first {@value #HASH_PREFIX} hex digits: enough to
 * tell two apart, too little to search for the credential. Every string from the store goes through
 * {@link TerminalText#escape}.
 */
final class RecordText {
  static final int HASH_PREFIX = 8;
  private static final int NAMES_IN_SUMMARY = 3;

  private RecordText() {}

  /** One line per image name of {@code record}: the name and a summary of who may use it. */
  static void summary(PrintWriter out, PulledRecord record) {
    out.println(
        TerminalText.escape(record.imageRef())
            + "  updated "
            + record.lastUpdated()
            + (record.pulledByNode() ? "" : "  (preloaded: observed on the node, never pulled)"));
    if (record.pulledByNode() && record.credentialMapping().isEmpty()) {
      out.println("    (no image names: pulled with unknown credentials, every pod must pull)");
    }
    int width = 0;
    for (String imageName : record.imageNames()) {
      width = Math.max(width, TerminalText.escape(imageName).length());
    }
    for (String imageName : record.preloadedNames()) {
      out.println(
          "    "
              + pad(TerminalText.escape(imageName), width)
              + "  preloaded (observed before any pull)");
    }
    for (Map.Entry<String, CredentialSet> entry : record.credentialMapping().entrySet()) {
      out.println(
          "    "
              + pad(TerminalText.escape(entry.getKey()), width)
              + "  "
              + describe(entry.getValue()));
    }
  }

  /** Every field of {@code record}, one credential per line, hashes shortened. */
  static void detail(PrintWriter out, PulledRecord record) {
    out.println(
        (record.pulledByNode() ? "Pulled record " : "Preloaded record ")
            + TerminalText.escape(record.imageRef()));
    out.println("  last updated  " + record.lastUpdated());
    if (record.pulledByNode() && record.credentialMapping().isEmpty()) {
      out.println("  no image names: pulled with unknown credentials, every pod must pull");
    }
    for (String imageName : record.preloadedNames()) {
      out.println("  image name " + TerminalText.escape(imageName));
      out.println("    preloaded: observed on the node before any pull of it");
    }
    for (Map.Entry<String, CredentialSet> entry : record.credentialMapping().entrySet()) {
      out.println("  image name " + TerminalText.escape(entry.getKey()));
      CredentialSet set = entry.getValue();
      if (set.isNodePodsAccessible()) {
        out.println("    every pod on the node (pulled without pod credentials)");
      } else if (set.isEmpty()) {
        out.println("    no pod (no credentials recorded)");
      }
      int width = 0;
      for (CredentialSet.Secret secret : set.secrets()) {
        width =
            Math.max(
                width,
                name(secret.coordinates().namespace(), secret.coordinates().name()).length());
      }
      for (CredentialSet.ServiceAccount account : set.serviceAccounts()) {
        width =
            Math.max(
                width,
                name(account.coordinates().namespace(), account.coordinates().name()).length());
      }
      for (CredentialSet.Secret secret : set.secrets()) {
        out.println(
            "    secret           "
                + pad(name(secret.coordinates().namespace(), secret.coordinates().name()), width)
                + "  hash "
                + pad(shortHash(secret.hash()), HASH_PREFIX + 1)
                + "  accepted "
                + secret.acceptedAt()
                + "  uid "
                + TerminalText.escape(secret.coordinates().uid()));
      }
      for (CredentialSet.ServiceAccount account : set.serviceAccounts()) {
        out.println(
            "    service account  "
                + pad(name(account.coordinates().namespace(), account.coordinates().name()), width)
                + "  "
                + " ".repeat("hash ".length() + HASH_PREFIX + 1)
                + "  accepted "
                + account.acceptedAt()
                + "  uid "
                + TerminalText.escape(account.coordinates().uid()));
      }
    }
  }

  /** The first hex digits of {@code hash} and an ellipsis, or {@code (blank)}. */
  static String shortHash(CredentialHash hash) {
    return hash.isEmpty() ? "(blank)" : hash.hex().substring(0, HASH_PREFIX) + "…";
  }

  /**
   * Who may use the image: every pod, no pod, or counts of secrets and service accounts with their
   * names ({@code ns/name}, {@code ×n} when several uids share one).
   */
  static String describe(CredentialSet set) {
    if (set.isNodePodsAccessible()) {
      return "every pod on the node";
    }
    if (set.isEmpty()) {
      return "no pod";
    }
    List<String> parts = new ArrayList<>(2);
    if (!set.secrets().isEmpty()) {
      List<String> names = new ArrayList<>();
      for (CredentialSet.Secret secret : set.secrets()) {
        names.add(name(secret.coordinates().namespace(), secret.coordinates().name()));
      }
      parts.add(counted(set.secrets().size(), "secret") + " " + names(names));
    }
    if (!set.serviceAccounts().isEmpty()) {
      List<String> names = new ArrayList<>();
      for (CredentialSet.ServiceAccount account : set.serviceAccounts()) {
        names.add(name(account.coordinates().namespace(), account.coordinates().name()));
      }
      parts.add(counted(set.serviceAccounts().size(), "service account") + " " + names(names));
    }
    return String.join(", ", parts);
  }

  /** {@code n} and {@code noun}, plural when {@code n != 1}. */
  static String counted(long n, String noun) {
    return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
  }

  /** {@code (a/x ×2, b/y)}: distinct names in order, with counts, the first few only. */
  private static String names(List<String> names) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String name : names) {
      counts.merge(name, 1, Integer::sum);
    }
    List<String> shown = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      if (shown.size() == NAMES_IN_SUMMARY) {
        break;
      }
      shown.add(entry.getKey() + (entry.getValue() > 1 ? " ×" + entry.getValue() : ""));
    }
    int hidden = counts.size() - shown.size();
    return "(" + String.join(", ", shown) + (hidden > 0 ? ", +" + hidden + " more" : "") + ")";
  }

  private static String name(String namespace, String name) {
    return TerminalText.escape(namespace + "/" + name);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
