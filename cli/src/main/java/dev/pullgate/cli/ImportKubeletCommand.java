package dev.pullgate.cli;

import dev.pullgate.PullGate;
import dev.pullgate.error.StoreException;
import dev.pullgate.kubelet.ImportReport;
import dev.pullgate.kubelet.KubeletImport;
import dev.pullgate.kubelet.SkippedFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pullgate import-kubelet DIR --store STORE}: the kubelet's image manager records into a
 * store.
 */
@Command(
    name = "import-kubelet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Imports a kubelet image manager directory into a store.",
      "Imports the pulled records (DIR/pulled/) and pull intents (DIR/pulling/) of a kubelet"
          + " image manager directory, in either apiVersion (v1alpha1, v1beta1), into the store,"
          + " creating it if needed and replacing records it holds under the same keys.",
      "Damaged or misplaced record files, and entries that are not record files (*.tmp"
          + " leftovers, foreign names), are skipped and listed with the reason; DIR is only"
          + " read. Writes the store, so it refuses to run while a node agent holds it."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every record file was imported",
      "2:bad command line, DIR is not a readable directory, or the store cannot be opened or"
          + " written (the reason is given; what was written before stays)",
      ExitCodes.HELP_INTERNAL,
      ExitCodes.HELP_STORE_LOCKED,
      ExitCodes.HELP_SKIPPED
    })
final class ImportKubeletCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOption store;

  @Mixin HashKeyOption hashKey;

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "The kubelet image manager directory (the one holding pulled/ and pulling/).")
  Path kubeletDirectory;

  @Override
  public Integer call() {
    return OperatorRun.run(spec, this::run);
  }

  private int run(PrintWriter out, PrintWriter err) {
    if (!Files.isDirectory(kubeletDirectory)) {
      throw new CommandFailure(ExitCodes.INVALID, kubeletDirectory + ": not a directory");
    }
    KubeletImport source;
    try {
      source = KubeletImport.read(kubeletDirectory);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.INVALID, e.getMessage(), e);
    }
    ImportReport report;
    try (PullGate gate = StoreAccess.openOrCreateEngine(store.directory, hashKey.file)) {
      report = source.writeInto(gate);
    } catch (StoreException e) {
      // Only writes happen here: a failure is the store refusing to take more, not damage.
      throw new CommandFailure(
          ExitCodes.INVALID,
          "could not write the store at "
              + store.directory
              + ": "
              + e.getMessage()
              + DiskSpace.fullNote(e.getMessage(), store.directory)
              + "\nWhat was imported before it stays; importing again replaces it.",
          e);
    }
    out.println(
        "Imported "
            + RecordText.counted(report.importedRecords(), "pulled record")
            + " and "
            + RecordText.counted(report.importedIntents(), "pull intent")
            + " from "
            + kubeletDirectory
            + " into "
            + store.directory);
    if (report.skipped().isEmpty()) {
      return ExitCodes.OK;
    }
    out.println("Skipped " + RecordText.counted(report.skipped().size(), "file") + ":");
    for (SkippedFile file : report.skipped()) {
      out.println("  " + file.fileName() + ": " + file.reason());
    }
    return ExitCodes.SKIPPED;
  }
}
