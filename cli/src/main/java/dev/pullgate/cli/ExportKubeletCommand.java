package dev.pullgate.cli;

import dev.pullgate.kubelet.ExportReport;
import dev.pullgate.kubelet.KubeletApiVersion;
import dev.pullgate.kubelet.KubeletExport;
import dev.pullgate.kubelet.RecordFileException;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code pullgate export-kubelet DIR --store STORE}: a store's records in the kubelet's own format,
 * so that a node can go back to the kubelet's implementation.
 */
@Command(
    name = "export-kubelet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Exports a store as a kubelet image manager directory.",
      "Writes every pulled record and pull intent of the store as a kubelet image manager"
          + " directory: DIR/pulled/ and DIR/pulling/, one JSON file per record, 0600 files in"
          + " 0700 directories. Times are kept to whole seconds, as the kubelet keeps them.",
      "DIR must hold no record files yet. Opens the store read-only."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ExitCodes.HELP_OK,
      "1:a stored value is damaged (run pullgate verify)",
      "2:bad command line, DIR already holds record files or cannot be written (the reason is"
          + " given), or no readable store",
      ExitCodes.HELP_INTERNAL
    })
final class ExportKubeletCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOption store;

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "The kubelet image manager directory to write (created if needed).")
  Path kubeletDirectory;

  @Option(
      names = "--api-version",
      paramLabel = "VERSION",
      converter = ApiVersionConverter.class,
      description = "v1alpha1 or v1beta1 (default: v1beta1, what current kubelets write).")
  KubeletApiVersion apiVersion = KubeletApiVersion.DEFAULT;

  @Override
  public Integer call() {
    return OperatorRun.run(spec, this::run);
  }

  private int run(PrintWriter out, PrintWriter err) {
    ExportReport report;
    try (LmdbPullRecordStore opened = StoreAccess.openReadOnly(store.directory)) {
      report = KubeletExport.export(opened, kubeletDirectory, apiVersion);
    } catch (IllegalStateException e) {
      throw new CommandFailure(ExitCodes.INVALID, e.getMessage(), e);
    } catch (RecordFileException e) {
      throw new CommandFailure(
          ExitCodes.INVALID,
          e.getMessage()
              + DiskSpace.fullNote(e.getMessage(), e.path())
              + "\nFiles written before it stay in "
              + kubeletDirectory
              + "; empty its pulled/ and pulling/ before exporting again.",
          e);
    }
    out.println(
        "Exported "
            + RecordText.counted(report.exportedRecords(), "pulled record")
            + " and "
            + RecordText.counted(report.exportedIntents(), "pull intent")
            + " from "
            + store.directory
            + " to "
            + kubeletDirectory
            + " as "
            + report.apiVersion().value());
    if (report.skippedPreloadedRecords() > 0 || report.droppedPreloadedNames() > 0) {
      out.println(
          "Left out "
              + RecordText.counted(report.skippedPreloadedRecords(), "record")
              + " only observed as preloaded and "
              + RecordText.counted(report.droppedPreloadedNames(), "preloaded image name")
              + " of exported records: the kubelet's format has no place for them (the kubelet"
              + " takes every image without a record for preloaded).");
    }
    return ExitCodes.OK;
  }

  /** Accepts {@code v1alpha1}, {@code v1beta1}, or the full {@code apiVersion} value. */
  static final class ApiVersionConverter implements ITypeConverter<KubeletApiVersion> {
    @Override
    public KubeletApiVersion convert(String value) {
      for (KubeletApiVersion version : KubeletApiVersion.values()) {
        if (version.value().equals(value) || version.value().endsWith("/" + value)) {
          return version;
        }
      }
      throw new TypeConversionException("expected v1alpha1 or v1beta1");
    }
  }
}
