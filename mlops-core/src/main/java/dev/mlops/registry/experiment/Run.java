package dev.mlops.registry.experiment;

import dev.mlops.registry.Registry;
import dev.mlops.registry.RegistryHousekeeping;

import java.nio.file.Path;
import java.util.Objects;

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
 * <p>Thread-safe: several threads may log to one run.
 */
public final class Run implements AutoCloseable {
    /** Metric points per stored chunk. */
    public static final int CHUNK_SIZE = 1000;

    private final RegistryHousekeeping.RunState state;

    /** Internal: obtain one from {@link Registry#startRun}. */
    public Run(RegistryHousekeeping.RunState state) {
        this.state = state;
    }

    /** The run id, unique in the registry. */
    public String id() {
        return state.id;
    }

    /** The experiment. */
    public String experiment() {
        return state.experiment;
    }

    /** Records a parameter (String, Number or Boolean). */
    public Run param(String key, Object value) {
        state.param(Registry.checkMetadataKey("parameter", key), Registry.normalizeParam(key, value));
        return this;
    }

    /** Records a tag. */
    public Run tag(String key, String value) {
        state.tag(Registry.checkMetadataKey("tag", key), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Appends a metric point with the next step (0, 1, 2 … per metric). */
    public Run logMetric(String key, double value) {
        state.logMetric(Registry.checkMetadataKey("metric", key), value, -1);
        return this;
    }

    /** Appends a metric point at {@code step}. */
    public Run logMetric(String key, double value, long step) {
        state.logMetric(Registry.checkMetadataKey("metric", key), value, step);
        return this;
    }

    /** Declares that the run read data set version {@code name:version} (which must exist). */
    public Run input(String name, int version) {
        state.input(Registry.checkName("data set", name), version);
        return this;
    }

    /** Stores a file as an artifact of the run under {@code name}. */
    public Run logArtifact(String name, Path file) {
        state.artifact(Registry.checkMetadataKey("artifact", name), Objects.requireNonNull(file, "file"));
        return this;
    }

    /** Writes buffered metric points. */
    public Run flush() {
        state.flush();
        return this;
    }

    /** Flushes and ends the run with {@code status}. */
    public RunInfo end(RunInfo.RunStatus status) {
        return state.end(Objects.requireNonNull(status, "status"));
    }

    /** A snapshot of the run as stored (after flushing). */
    public RunInfo info() {
        state.flush();
        return state.info();
    }

    /** Ends the run as {@code FINISHED} if it is still running. */
    @Override
    public void close() {
        state.closeIfRunning();
    }
}
