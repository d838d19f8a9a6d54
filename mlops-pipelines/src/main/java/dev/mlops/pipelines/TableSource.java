package dev.mlops.pipelines;

import dev.mlops.monitoring.Table;
import dev.mlops.pipelines.internal.Scoring;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a gate reads its table from: a registry data set version (fixed, or named by a run parameter so the record
 * shows which version was checked), a file or a table in memory. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TableSource {
    /** Reads the table for the running step. */
    Table load(StepContext context);

    /** Data set {@code name} at the version given in run parameter {@code versionParam} (a single CSV file). */
    static TableSource dataset(String name, String versionParam) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(versionParam, "versionParam");
        return ctx -> Scoring.dataset(ctx.registry(), name, ctx.intParam(versionParam));
    }

    /** Data set {@code name} at version {@code version}. */
    static TableSource dataset(String name, int version) {
        Objects.requireNonNull(name, "name");
        return ctx -> Scoring.dataset(ctx.registry(), name, version);
    }

    /** A CSV file. */
    static TableSource file(Path csv) {
        Objects.requireNonNull(csv, "csv");
        return ctx -> Table.readCsv(csv);
    }

    /** A table in memory. */
    static TableSource of(Table table) {
        Objects.requireNonNull(table, "table");
        return ctx -> table;
    }
}
