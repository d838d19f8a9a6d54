package dev.mlops.pipelines;

/**
 * A pipeline run's record changed under this process (another process resumed or is running the same run), or the
 * run is in a state that cannot be resumed. Immutable and thread-safe.
 */
public class RunConflictException extends PipelineException {
    private static final long serialVersionUID = 1L;
    private final String runId;

    /** For run {@code runId}. */
    public RunConflictException(String runId, String message) {
        super(message);
        this.runId = runId;
    }

    /** The run concerned. */
    public String runId() {
        return runId;
    }
}
