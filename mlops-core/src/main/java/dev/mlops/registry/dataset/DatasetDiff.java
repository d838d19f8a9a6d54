package dev.mlops.registry.dataset;

import java.util.List;

/**
 * The paths that differ between two data set versions. Immutable and thread-safe.
 *
 * @param name    the data set
 * @param from    the first version
 * @param to      the second version
 * @param added   paths only in {@code to}
 * @param removed paths only in {@code from}
 * @param changed paths in both with different content
 */
public record DatasetDiff(String name, int from, int to, List<String> added, List<String> removed, List<String> changed) {
    public DatasetDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /** Whether the versions hold the same files. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
}
