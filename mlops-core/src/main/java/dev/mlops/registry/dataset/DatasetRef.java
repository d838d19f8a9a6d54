package dev.mlops.registry.dataset;

import java.util.Objects;

/**
 * A reference to one version of a data set, with the role it played (e.g. {@code train}, {@code eval}).
 * Immutable and thread-safe.
 *
 * @param name    the data set name
 * @param version the data set version number (≥ 1)
 * @param role    how it was used: {@value #TRAIN}, {@value #EVAL} or any name
 */
public record DatasetRef(String name, int version, String role) {
    /** The role of training data. */
    public static final String TRAIN = "train";
    /** The role of evaluation data. */
    public static final String EVAL = "eval";
    /** The role of a run's input. */
    public static final String INPUT = "input";

    public DatasetRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (version < 1) {
            throw new IllegalArgumentException("A data set version is >= 1, found " + version + " for '" + name + "'");
        }
    }

    @Override
    public String toString() {
        return name + ":" + version + " (" + role + ")";
    }
}
