package dev.mlops.pipelines;

import dev.mlops.monitoring.Table;
import dev.mlops.pipelines.internal.Scoring;
import dev.mlops.serving.LoadedModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The metric gate: scores an evaluation table with the candidate version (run parameter {@value Gates#VERSION_PARAM})
 * and with the version the champion alias points at, and passes when the candidate is not worse than the champion by
 * more than {@code maxDrop} on the metric ("not worse than production by more than 0.5 pt AUC" = AUC, 0.005). With no
 * champion yet, the gate passes on the candidate's own figure (and an optional absolute minimum). Outputs:
 * {@code metric, candidate_version, candidate_value, champion_version, champion_value, delta, max_drop, rows, passed}.
 * Immutable and thread-safe.
 */
public final class MetricGate implements Step {
    private final String model;
    private final String championAlias;
    private final TableSource data;
    private final String label;
    private final List<String> features;
    private final EvaluationMetric metric;
    private final double maxDrop;
    private final Double minimum;
    private final String outputName;

    private MetricGate(Builder b) {
        this.model = b.model;
        this.championAlias = b.championAlias;
        this.data = b.data;
        this.label = b.label;
        this.features = List.copyOf(b.features);
        this.metric = b.metric;
        this.maxDrop = b.maxDrop;
        this.minimum = b.minimum;
        this.outputName = b.outputName;
    }

    /** A builder for {@code model}'s gate against alias {@code championAlias}. */
    public static Builder builder(String model, String championAlias) {
        return new Builder(model, championAlias);
    }

    @Override
    public StepResult run(StepContext ctx) {
        int candidate = ctx.intParam(Gates.VERSION_PARAM);
        Table table = data.load(ctx);
        List<String> cols = Scoring.featureColumns(table, features, label);
        float[][] rows = Scoring.rows(table, cols);
        double[] labels = table.numbers(label);
        double candidateValue;
        try (LoadedModel m = Scoring.load(ctx.registry(), model, candidate)) {
            candidateValue = metric.compute(Scoring.score(m, rows, outputName), labels);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metric", metric.name());
        out.put("rows", rows.length);
        out.put("candidate_version", candidate);
        out.put("candidate_value", candidateValue);
        out.put("max_drop", maxDrop);
        ctx.log(String.format("candidate v%d %s = %.4f on %d rows", candidate, metric, candidateValue, rows.length));
        if (minimum != null) {
            out.put("minimum", minimum);
            boolean ok = metric.higherIsBetter() ? candidateValue >= minimum : candidateValue <= minimum;
            if (!ok) {
                out.put("passed", false);
                return StepResult.failed(String.format("%s %.4f of v%d does not meet the minimum %.4f", metric, candidateValue,
                        candidate, minimum), out);
            }
        }
        OptionalInt champion = ctx.registry().resolve(model, championAlias);
        if (champion.isEmpty()) {
            out.put("champion_version", null);
            out.put("passed", true);
            ctx.log("no champion: alias '" + championAlias + "' is not set");
            return StepResult.ok(out);
        }
        double championValue;
        try (LoadedModel m = Scoring.load(ctx.registry(), model, champion.getAsInt())) {
            championValue = metric.compute(Scoring.score(m, rows, outputName), labels);
        }
        double delta = candidateValue - championValue;         // positive = candidate higher
        double worseBy = metric.higherIsBetter() ? -delta : delta;
        boolean passed = worseBy <= maxDrop + 1e-12;
        out.put("champion_alias", championAlias);
        out.put("champion_version", champion.getAsInt());
        out.put("champion_value", championValue);
        out.put("delta", delta);
        out.put("passed", passed);
        ctx.log(String.format("champion v%d %s = %.4f; delta %+.4f (max drop %.4f)", champion.getAsInt(), metric,
                championValue, delta, maxDrop));
        return passed ? StepResult.ok(out) : StepResult.failed(String.format(
                "%s of v%d (%.4f) is worse than champion v%d (%.4f) by %.4f, more than the allowed %.4f", metric, candidate,
                candidateValue, champion.getAsInt(), championValue, worseBy, maxDrop), out);
    }

    /** Builds a {@link MetricGate}. Not thread-safe. */
    public static final class Builder {
        private final String model;
        private final String championAlias;
        private TableSource data;
        private String label = "target";
        private List<String> features = List.of();
        private EvaluationMetric metric = EvaluationMetric.AUC;
        private double maxDrop = 0.0;
        private Double minimum;
        private String outputName;

        private Builder(String model, String championAlias) {
            this.model = Objects.requireNonNull(model, "model");
            this.championAlias = Objects.requireNonNull(championAlias, "championAlias");
        }

        /** The evaluation table (e.g. {@code TableSource.dataset("bc-eval", "eval_version")}); required. */
        public Builder data(TableSource data) {
            this.data = Objects.requireNonNull(data, "data");
            return this;
        }

        /** The 0/1 label column (default {@code target}). */
        public Builder label(String column) {
            this.label = Objects.requireNonNull(column, "column");
            return this;
        }

        /** The feature columns in model input order (default: every column but the label, in file order). */
        public Builder features(List<String> columns) {
            this.features = List.copyOf(columns);
            return this;
        }

        /** The metric (default AUC). */
        public Builder metric(EvaluationMetric metric) {
            this.metric = Objects.requireNonNull(metric, "metric");
            return this;
        }

        /** How much worse than the champion the candidate may be, in metric units (0.005 = 0.5 pt AUC); ≥ 0. */
        public Builder maxDrop(double maxDrop) {
            if (!(maxDrop >= 0)) {
                throw new IllegalArgumentException("maxDrop must be >= 0, found " + maxDrop);
            }
            this.maxDrop = maxDrop;
            return this;
        }

        /** An absolute bound the candidate must meet (a minimum, or a maximum for LOG_LOSS). */
        public Builder minimum(double value) {
            this.minimum = value;
            return this;
        }

        /** The model output holding scores (default: the first output). */
        public Builder output(String name) {
            this.outputName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Builds. */
        public MetricGate build() {
            if (data == null) {
                throw new IllegalStateException("MetricGate needs data(TableSource): the evaluation data set to score");
            }
            return new MetricGate(this);
        }
    }
}
