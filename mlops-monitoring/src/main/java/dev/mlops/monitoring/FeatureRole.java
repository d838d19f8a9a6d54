package dev.mlops.monitoring;

/** Whether a profiled column is a model input or a model output (prediction). Immutable and thread-safe. */
public enum FeatureRole {
    /** A model input: its drift is input (data) drift. */
    INPUT,
    /** A model output: its drift is output (prediction) drift. */
    OUTPUT
}
