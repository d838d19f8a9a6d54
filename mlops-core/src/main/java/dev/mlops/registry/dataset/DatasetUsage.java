package dev.mlops.registry.dataset;

import dev.mlops.registry.Registry;

import java.util.List;

/**
 * What used one data set version: model versions (as {@code model:version}), runs (ids) and the data set versions
 * derived from it (as {@code name:version}). Immutable and thread-safe.
 *
 * @param dataset         the data set
 * @param version         its version
 * @param modelVersions   model versions whose lineage names it
 * @param runs            runs that declared it as an input
 * @param derivedDatasets data set versions whose lineage names it as an input (see
 *                        {@link dev.mlops.registry.Datasets#derivatives(String, int)})
 */
public record DatasetUsage(String dataset, int version, List<String> modelVersions, List<String> runs,
                           List<String> derivedDatasets) {
    public DatasetUsage {
        modelVersions = List.copyOf(modelVersions);
        runs = List.copyOf(runs);
        derivedDatasets = List.copyOf(derivedDatasets);
    }

    /** A usage without derived data set versions. */
    public DatasetUsage(String dataset, int version, List<String> modelVersions, List<String> runs) {
        this(dataset, version, modelVersions, runs, List.of());
    }
}
