package dev.mlops.registry;

import java.util.List;

/**
 * What used one data set version: model versions (as {@code model:version}) and runs (ids). Immutable and
 * thread-safe.
 *
 * @param dataset       the data set
 * @param version       its version
 * @param modelVersions model versions whose lineage names it
 * @param runs          runs that declared it as an input
 */
public record DatasetUsage(String dataset, int version, List<String> modelVersions, List<String> runs) {
    public DatasetUsage {
        modelVersions = List.copyOf(modelVersions);
        runs = List.copyOf(runs);
    }
}
