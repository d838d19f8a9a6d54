package dev.mlops.registry.experiment;

import dev.mlops.registry.ArtifactFile;
import dev.mlops.registry.dataset.DatasetRef;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of an experiment run: status, parameters, tags, the latest value of each metric, input data sets,
 * artifacts and the model versions registered from it. Immutable and thread-safe.
 *
 * @param experiment the experiment name
 * @param id         the run id (unique in the registry)
 * @param status     running, finished, failed or killed
 * @param startedAt  when it started
 * @param endedAt    when it ended, if it has
 * @param params     parameters ({@code String}, {@code Long}, {@code Double}, {@code Boolean})
 * @param tags       key → value
 * @param metrics    the latest logged value of each metric
 * @param inputs     data set versions it read
 * @param artifacts  artifact name → stored file
 * @param models     model versions registered from it, as {@code model:version}
 * @param createdBy  who started it
 */
public record RunInfo(String experiment, String id, RunStatus status, Instant startedAt, Optional<Instant> endedAt,
                      Map<String, Object> params, Map<String, String> tags, Map<String, Double> metrics,
                      List<DatasetRef> inputs, Map<String, ArtifactFile> artifacts, List<String> models,
                      String createdBy) {
    /** The state of a run. */
    public enum RunStatus { RUNNING, FINISHED, FAILED, KILLED }

    public RunInfo {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
        metrics = Map.copyOf(metrics);
        inputs = List.copyOf(inputs);
        artifacts = Map.copyOf(artifacts);
        models = List.copyOf(models);
        createdBy = createdBy == null ? "" : createdBy;
    }
}
