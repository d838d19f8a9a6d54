package dev.mlops.pipelines;

/** The state of one step in a run. Immutable and thread-safe. */
public enum StepStatus {
    /** Not started yet. */
    PENDING,
    /** Started; if a run stays here the process running it stopped mid-step. */
    RUNNING,
    /** Waiting for something outside the process (an approval); the run resumes here. */
    WAITING,
    /** Finished successfully; its outputs are recorded and it is not run again on resume. */
    SUCCEEDED,
    /** Failed; the run stopped here with the step's error. */
    FAILED
}
