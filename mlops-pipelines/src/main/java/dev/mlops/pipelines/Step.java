package dev.mlops.pipelines;

/**
 * One step of a {@link Pipeline}: plain Java that reads its inputs from the {@link StepContext} and returns a
 * {@link StepResult} with JSON-serialisable outputs. Throwing fails the step (and the run) with the exception's
 * message. A step that returns {@link StepResult#waiting} runs again when the run is resumed, so it must be
 * idempotent until it succeeds. Implementations need not be thread-safe: a run executes its steps one at a time.
 */
@FunctionalInterface
public interface Step {
    /** Runs the step. */
    StepResult run(StepContext context) throws Exception;
}
