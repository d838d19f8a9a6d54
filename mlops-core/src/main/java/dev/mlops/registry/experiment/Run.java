package dev.mlops.registry.experiment;

import java.nio.file.Path;

/**
 * An experiment run being logged: parameters, tags, metrics with history, input data sets and artifacts, then
 * {@link #end}. Closing a run that is still running ends it as {@code FINISHED} (or use try-with-resources and call
 * {@code end(FAILED)} in a catch).
 *
 * <p><b>Metric points are buffered</b>: {@link #logMetric} appends to an in-memory buffer that is written as one
 * record per {@value #CHUNK_SIZE} points of a metric, and on {@link #flush()}, {@link #end} and {@link #close()}.
 * A crash loses at most the unflushed points (fewer than {@value #CHUNK_SIZE} per metric); everything flushed is
 * durable and read back in order. Parameters, tags, inputs and artifacts are written at once.
 *
 * <p>Obtain one from {@code registry.runs().start(experiment)}. Thread-safe: several threads may log to one run.
 */
public interface Run extends AutoCloseable {
    /** Metric points per stored chunk. */
    int CHUNK_SIZE = 1000;

    /** The run id, unique in the registry. */
    String id();

    /** The experiment. */
    String experiment();

    /** Records a parameter (String, Number or Boolean). */
    Run param(String key, Object value);

    /** Records a tag. */
    Run tag(String key, String value);

    /** Appends a metric point with the next step (0, 1, 2 … per metric). */
    Run logMetric(String key, double value);

    /** Appends a metric point at {@code step}. */
    Run logMetric(String key, double value, long step);

    /** Declares that the run read data set version {@code name:version} (which must exist). */
    Run input(String name, int version);

    /** Stores a file as an artifact of the run under {@code name}. */
    Run logArtifact(String name, Path file);

    /** Writes buffered metric points. */
    Run flush();

    /** Flushes and ends the run with {@code status}. */
    RunInfo end(RunInfo.RunStatus status);

    /** A snapshot of the run as stored (after flushing). */
    RunInfo info();

    /** Ends the run as {@code FINISHED} if it is still running. */
    @Override
    void close();
}
