package dev.mlops.pipelines;

import dev.mlops.monitoring.Table;
import dev.mlops.pipelines.internal.Scoring;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The endpoint test gate (staging): deploys the candidate version (run parameter {@value Gates#VERSION_PARAM}) as a
 * variant of a staging endpoint, sends every test row through the endpoint as one request each, and checks the
 * outputs: format (the output exists with shape [1, k]), ranges (class probabilities in [0, 1] summing to 1 within
 * 1e-3) and agreement with the expected labels (accuracy at 0.5 ≥ the minimum). Outputs:
 * {@code requests, format_failures, range_failures, errors, accuracy, min_accuracy, passed, examples}. Immutable and
 * thread-safe (the endpoint is).
 */
public final class EndpointTest implements Step {
    private final String model;
    private final Endpoint endpoint;
    private final String variant;
    private final TableSource data;
    private final String label;
    private final List<String> features;
    private final String outputName;
    private final double minAccuracy;
    private final int maxRows;

    private EndpointTest(Builder b) {
        this.model = b.model;
        this.endpoint = b.endpoint;
        this.variant = b.variant;
        this.data = b.data;
        this.label = b.label;
        this.features = List.copyOf(b.features);
        this.outputName = b.outputName;
        this.minAccuracy = b.minAccuracy;
        this.maxRows = b.maxRows;
    }

    /** A builder deploying {@code model}'s candidate to {@code endpoint} as {@code variant}. */
    public static Builder builder(String model, Endpoint endpoint, String variant) {
        return new Builder(model, endpoint, variant);
    }

    @Override
    public StepResult run(StepContext ctx) {
        int version = ctx.intParam(Gates.VERSION_PARAM);
        endpoint.putVariant(variant, Scoring.load(ctx.registry(), model, version));
        ctx.log("deployed " + model + ":" + version + " to endpoint '" + endpoint.name() + "' as variant '" + variant + "'");
        Table table = data.load(ctx);
        List<String> cols = Scoring.featureColumns(table, features, label);
        float[][] rows = Scoring.rows(table, cols);
        double[] labels = table.numbers(label);
        int n = Math.min(rows.length, maxRows);
        int formatFailures = 0;
        int rangeFailures = 0;
        int errors = 0;
        int correct = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Outputs out;
            try {
                out = endpoint.predictOn(variant, Inputs.of(Tensor.ofFloats(rows[i], 1, rows[i].length)));
            } catch (RuntimeException e) {
                errors++;
                note(examples, "row " + i + ": request failed: " + e.getMessage());
                continue;
            }
            Tensor t;
            try {
                t = outputName == null ? out.first() : out.tensor(outputName);
            } catch (RuntimeException e) {
                formatFailures++;
                note(examples, "row " + i + ": no output " + (outputName == null ? "" : "'" + outputName + "'") + ": " + e.getMessage());
                continue;
            }
            if (t.rank() != 2 || t.dim(0) != 1 || t.dim(1) < 1) {
                formatFailures++;
                note(examples, "row " + i + ": expected shape [1, k], found " + java.util.Arrays.toString(t.shape()));
                continue;
            }
            int k = (int) t.dim(1);
            double sum = 0;
            boolean inRange = true;
            for (int j = 0; j < k; j++) {
                double p = t.getDouble(j);
                inRange &= p >= 0 && p <= 1 && !Double.isNaN(p);
                sum += p;
            }
            if (!inRange || k >= 2 && Math.abs(sum - 1) > 1e-3) {
                rangeFailures++;
                note(examples, "row " + i + ": probabilities out of range or not summing to 1 (sum " + sum + ")");
                continue;
            }
            double p1 = t.getDouble(k >= 2 ? 1 : 0);
            correct += (p1 >= 0.5) == (labels[i] == 1.0) ? 1 : 0;
        }
        double accuracy = n == 0 ? 0 : (double) correct / n;
        boolean passed = n > 0 && formatFailures == 0 && rangeFailures == 0 && errors == 0 && accuracy >= minAccuracy;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("endpoint", endpoint.name());
        report.put("variant", variant);
        report.put("version", version);
        report.put("requests", n);
        report.put("errors", errors);
        report.put("format_failures", formatFailures);
        report.put("range_failures", rangeFailures);
        report.put("accuracy", accuracy);
        report.put("min_accuracy", minAccuracy);
        report.put("passed", passed);
        report.put("examples", examples);
        ctx.log(String.format("%d requests: %d errors, %d format and %d range failures, accuracy %.4f (min %.4f)", n,
                errors, formatFailures, rangeFailures, accuracy, minAccuracy));
        if (passed) {
            return StepResult.ok(report);
        }
        return StepResult.failed(n == 0 ? "no test rows" : String.format(
                "staging tests failed: %d errors, %d format failures, %d range failures, accuracy %.4f (min %.4f)", errors,
                formatFailures, rangeFailures, accuracy, minAccuracy), report);
    }

    private static void note(List<String> examples, String s) {
        if (examples.size() < 5) {
            examples.add(s);
        }
    }

    /** Builds an {@link EndpointTest}. Not thread-safe. */
    public static final class Builder {
        private final String model;
        private final Endpoint endpoint;
        private final String variant;
        private TableSource data;
        private String label = "target";
        private List<String> features = List.of();
        private String outputName;
        private double minAccuracy = 0.9;
        private int maxRows = Integer.MAX_VALUE;

        private Builder(String model, Endpoint endpoint, String variant) {
            this.model = Objects.requireNonNull(model, "model");
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.variant = Objects.requireNonNull(variant, "variant");
        }

        /** The test rows with their expected labels; required. */
        public Builder data(TableSource data) {
            this.data = Objects.requireNonNull(data, "data");
            return this;
        }

        /** The 0/1 label column (default {@code target}). */
        public Builder label(String column) {
            this.label = Objects.requireNonNull(column, "column");
            return this;
        }

        /** Feature columns in input order (default: every column but the label). */
        public Builder features(List<String> columns) {
            this.features = List.copyOf(columns);
            return this;
        }

        /** The output holding class probabilities (default: the first). */
        public Builder output(String name) {
            this.outputName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The minimum agreement with the labels (default 0.9), in [0, 1]. */
        public Builder minAccuracy(double min) {
            if (!(min >= 0 && min <= 1)) {
                throw new IllegalArgumentException("minAccuracy is in [0, 1], found " + min);
            }
            this.minAccuracy = min;
            return this;
        }

        /** At most this many rows are sent (default all). */
        public Builder maxRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("maxRows must be >= 1, found " + rows);
            }
            this.maxRows = rows;
            return this;
        }

        /** Builds. */
        public EndpointTest build() {
            if (data == null) {
                throw new IllegalStateException("EndpointTest needs data(TableSource): the test rows and labels");
            }
            return new EndpointTest(this);
        }
    }
}
