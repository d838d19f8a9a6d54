package dev.mlops.registry;

import dev.mlops.registry.dataset.DatasetRef;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a model version came from: the data set versions it was trained and evaluated on, the code revision, the
 * version it was derived from and the run that produced it. Immutable and thread-safe.
 *
 * @param datasets      the data set versions used, with their roles
 * @param codeRevision  e.g. a git commit
 * @param parentVersion the version of the same model this one was derived from (fine-tuned, retrained)
 * @param runId         the experiment run that produced it
 */
public record Lineage(List<DatasetRef> datasets, Optional<String> codeRevision, OptionalInt parentVersion,
                      Optional<String> runId) {
    private static final Lineage NONE = new Lineage(List.of(), Optional.empty(), OptionalInt.empty(), Optional.empty());

    public Lineage {
        datasets = List.copyOf(Objects.requireNonNull(datasets, "datasets"));
        Objects.requireNonNull(codeRevision, "codeRevision");
        Objects.requireNonNull(parentVersion, "parentVersion");
        Objects.requireNonNull(runId, "runId");
    }

    /** No lineage recorded. */
    public static Lineage none() {
        return NONE;
    }
}
