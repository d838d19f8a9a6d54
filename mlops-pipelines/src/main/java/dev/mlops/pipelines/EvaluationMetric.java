package dev.mlops.pipelines;

import dev.mlops.monitoring.QualityMetrics;

/** A metric a {@link MetricGate} computes on a binary classifier's scores. Immutable and thread-safe. */
public enum EvaluationMetric {
    /** Area under the ROC curve (ties averaged); higher is better. */
    AUC(true),
    /** Share of rows whose score ≥ 0.5 matches the 0/1 label; higher is better. */
    ACCURACY(true),
    /** Mean binary cross-entropy (scores clipped to [1e-15, 1-1e-15]); lower is better. */
    LOG_LOSS(false);

    private final boolean higherIsBetter;

    EvaluationMetric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    /** Whether a higher value is better. */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The metric of {@code scores} against 0/1 {@code labels}. */
    public double compute(double[] scores, double[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        return switch (this) {
            case AUC -> QualityMetrics.rocAuc(scores, labels, scores.length);
            case ACCURACY -> QualityMetrics.accuracy(scores, labels, scores.length, 0.5);
            case LOG_LOSS -> QualityMetrics.logLoss(scores, labels, scores.length);
        };
    }
}
