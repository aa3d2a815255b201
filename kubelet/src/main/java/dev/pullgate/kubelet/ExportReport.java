package dev.pullgate.kubelet;

/**
 * What {@link KubeletExport} wrote.
 *
 * @param exportedRecords pulled record files written into {@code pulled/}
 * @param exportedIntents pull intent files written into {@code pulling/}
 * @param apiVersion the version every file was written in
 */
public record ExportReport(
    int exportedRecords, int exportedIntents, KubeletApiVersion apiVersion) {}
