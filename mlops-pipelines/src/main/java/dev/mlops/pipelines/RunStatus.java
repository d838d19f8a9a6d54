package dev.mlops.pipelines;

/** The state of a pipeline run. Immutable and thread-safe. */
public enum RunStatus {
    /** A step is running (or the process running it died: see {@link Pipelines#resume}). */
    RUNNING,
    /** Stopped at a step that waits (an approval); resume it later, from any process. */
    WAITING,
    /** Every step succeeded. */
    SUCCEEDED,
    /** A step failed; the run's {@code reason} says which and why. */
    FAILED;

    /** Whether the run can still make progress ({@link #WAITING} or {@link #RUNNING}). */
    public boolean isOpen() {
        return this == WAITING || this == RUNNING;
    }
}
