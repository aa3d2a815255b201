package dev.pullgate.cli;

import dev.pullgate.PullGate;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.ServiceAccountCoordinates;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pullgate forget --store DIR (--secret-uid UID | --service-account-uid UID | --namespace
 * NS)}: removes a deleted secret, service account or namespace from every record, as the engine's
 * {@code forgetSecret}, {@code forgetServiceAccount} and {@code forgetNamespace} do.
 */
@Command(
    name = "forget",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Removes a deleted secret, service account or namespace from every record.",
      "Removes every entry of the secret or service account with that uid, or every secret and"
          + " service account of the namespace, from every pulled record, durably, and prints how"
          + " many entries it removed. Afterwards they grant nothing: a pod presenting them must"
          + " pull, and the pull proves them again.",
      "Writes the store, so it takes the store's writer lock: it refuses to run while a node agent"
          + " holds the store (the agent calls the same engine methods itself)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ExitCodes.HELP_OK,
      "1:a stored record is damaged (run pullgate verify); what was removed before it stays",
      "2:bad command line, a malformed uid or namespace, or no readable store at DIR",
      ExitCodes.HELP_INTERNAL,
      ExitCodes.HELP_STORE_LOCKED
    })
final class ForgetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOption store;

  @Mixin HashKeyOption hashKey;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Forgotten forgotten;

  /** Exactly one of the three things a forget can name. */
  static final class Forgotten {
    @Option(
        names = "--secret-uid",
        paramLabel = "UID",
        required = true,
        description = "The uid of a deleted secret.")
    String secretUid;

    @Option(
        names = "--service-account-uid",
        paramLabel = "UID",
        required = true,
        description = "The uid of a deleted service account.")
    String serviceAccountUid;

    @Option(
        names = "--namespace",
        paramLabel = "NS",
        required = true,
        description = "A deleted namespace: every secret and service account in it.")
    String namespace;
  }

  @Override
  public Integer call() {
    return OperatorRun.run(spec, this::run);
  }

  private int run(PrintWriter out, PrintWriter err) {
    requireForm();
    int removed;
    String what;
    try (PullGate gate = StoreAccess.openEngine(store.directory, hashKey.file)) {
      if (forgotten.secretUid != null) {
        removed = gate.forgetSecret(forgotten.secretUid);
        what = "of the secret with uid " + TerminalText.escape(forgotten.secretUid);
      } else if (forgotten.serviceAccountUid != null) {
        removed = gate.forgetServiceAccount(forgotten.serviceAccountUid);
        what =
            "of the service account with uid " + TerminalText.escape(forgotten.serviceAccountUid);
      } else {
        removed = gate.forgetNamespace(forgotten.namespace);
        what = "of namespace " + TerminalText.escape(forgotten.namespace);
      }
    }
    out.println(
        "Removed "
            + String.format(Locale.ROOT, "%,d %s", removed, removed == 1 ? "entry" : "entries")
            + " "
            + what
            + " from the records of "
            + store.directory
            + ".");
    return ExitCodes.OK;
  }

  /**
   * Refuses a value that cannot name a Kubernetes uid or namespace, naming the option, not the
   * value: it would match nothing, so a typo would look like a success.
   */
  private void requireForm() {
    try {
      if (forgotten.secretUid != null) {
        new SecretCoordinates(nonEmpty(forgotten.secretUid), "", "");
      } else if (forgotten.serviceAccountUid != null) {
        new ServiceAccountCoordinates(nonEmpty(forgotten.serviceAccountUid), "", "");
      } else {
        new SecretCoordinates("", nonEmpty(forgotten.namespace), "");
      }
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(
          ExitCodes.INVALID,
          forgotten.namespace != null
              ? "--namespace must be a DNS-1123 label: at most 63 lowercase letters, digits and"
                  + " '-', starting and ending with a letter or digit"
              : (forgotten.secretUid != null ? "--secret-uid" : "--service-account-uid")
                  + " must be 1 to 128 printable ASCII characters without whitespace");
    }
  }

  private static String nonEmpty(String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    return value;
  }
}
