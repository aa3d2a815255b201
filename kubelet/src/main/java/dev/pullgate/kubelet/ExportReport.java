package dev.pullgate.kubelet;

/**
 * What {@link KubeletExport} wrote.
 *
 * @param exportedRecords pulled record files written into {@code pulled/}
 * @param exportedIntents pull intent files written into {@code pulling/}
 * @param skippedPreloadedRecords records of images only observed as preloaded, not written
 * @param droppedPreloadedNames preloaded names of written records, which the kubelet cannot keep
 * @param apiVersion the version every file was written in
 */
public record ExportReport(
    int exportedRecords,
    int exportedIntents,
    int skippedPreloadedRecords,
    int droppedPreloadedNames,
    KubeletApiVersion apiVersion) {}
