package dev.mlops.registry;

import dev.mlops.registry.experiment.MetricPoint;
import dev.mlops.registry.experiment.Run;
import dev.mlops.registry.experiment.RunComparison;
import dev.mlops.registry.experiment.RunInfo;
import dev.mlops.registry.experiment.RunQuery;
import dev.mlops.registry.spi.NotFoundException;

import java.util.List;

/**
 * The registry's experiment runs: parameters, tags, metrics with history, inputs and artifacts. Obtain it from
 * {@link Registry#runs()}.
 *
 * <pre>{@code
 * try (Run run = registry.runs().start("bc-mlp")) {
 *     run.param("lr", 0.01).logMetric("val_auc", 0.93);
 * }
 * List<RunInfo> best = registry.runs().search(RunQuery.where(RunFilter.param("lr").lt(0.1))
 *         .orderBy("val_auc", false).limit(5));
 * }</pre>
 * Thread-safe.
 */
public interface Runs {
    /** Starts a run under {@code experiment}; end it with {@link Run#end} or close it. */
    Run start(String experiment);

    /** Starts a run under {@code experiment} started by {@code actor}. */
    Run start(String experiment, String actor);

    /**
     * A snapshot of run {@code id}.
     *
     * @throws NotFoundException when it does not exist
     */
    RunInfo get(String id);

    /** The full history of one metric of a run, in logged order. */
    List<MetricPoint> metricHistory(String runId, String metric);

    /** Runs matching a query, ordered and limited as it says. */
    List<RunInfo> search(RunQuery query);

    /** The parameter, metric (latest value) and tag differences between two runs. */
    RunComparison compare(String runA, String runB);

    /** Every run of {@code experiment} (or of all experiments when null). */
    List<RunInfo> list(String experiment);
}
