package dev.mlops.monitoring;

/**
 * Model-quality metrics of joined predictions and labels, as scikit-learn defines them. Binary classification takes
 * the predicted probability of the positive class and labels 0/1; regression takes predicted and true values.
 * A metric that is undefined for the data (precision with no predicted positive, ROC AUC with one class only, any
 * metric of an empty window) is NaN.
 *
 * <p>Stateless and thread-safe.
 */
public final class QualityMetrics {
    /** Probabilities are clipped to [EPS, 1 − EPS] for log-loss. */
    public static final double LOG_LOSS_EPS = 1e-15;

    private QualityMetrics() {
    }

    /** Share of rows where {@code score >= threshold} equals {@code label == 1}. */
    public static double accuracy(double[] score, double[] label, int n, double threshold) {
        if (n == 0) {
            return Double.NaN;
        }
        int ok = 0;
        for (int i = 0; i < n; i++) {
            ok += (score[i] >= threshold) == (label[i] == 1.0) ? 1 : 0;
        }
        return (double) ok / n;
    }

    /** TP / (TP + FP) at the threshold. */
    public static double precision(double[] score, double[] label, int n, double threshold) {
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < n; i++) {
            if (score[i] >= threshold) {
                if (label[i] == 1.0) {
                    tp++;
                } else {
                    fp++;
                }
            }
        }
        return tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
    }

    /** TP / (TP + FN) at the threshold. */
    public static double recall(double[] score, double[] label, int n, double threshold) {
        long tp = 0;
        long fn = 0;
        for (int i = 0; i < n; i++) {
            if (label[i] == 1.0) {
                if (score[i] >= threshold) {
                    tp++;
                } else {
                    fn++;
                }
            }
        }
        return tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
    }

    /** Area under the ROC curve (Mann–Whitney U with average ranks for tied scores). */
    public static double rocAuc(double[] score, double[] label, int n) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(score[a], score[b]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[idx[j + 1]] == score[idx[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (label[idx[k]] == 1.0) {
                    rankSumPos += avgRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** Mean binary cross-entropy with probabilities clipped at {@link #LOG_LOSS_EPS}. */
    public static double logLoss(double[] score, double[] label, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            double p = Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, score[i]));
            s -= label[i] == 1.0 ? Math.log(p) : Math.log(1 - p);
        }
        return s / n;
    }

    /** Mean absolute error. */
    public static double mae(double[] pred, double[] truth, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(pred[i] - truth[i]);
        }
        return s / n;
    }

    /** Root mean squared error. */
    public static double rmse(double[] pred, double[] truth, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = pred[i] - truth[i];
            s += d * d;
        }
        return Math.sqrt(s / n);
    }

    private static int argmax(double[] probs, int classes, int row) {
        int best = 0;
        int base = row * classes;
        for (int c = 1; c < classes; c++) {
            if (probs[base + c] > probs[base + best]) {
                best = c;
            }
        }
        return best;
    }

    /** Multi-class accuracy: share of rows whose most probable class (first on ties) is the label. */
    public static double multiclassAccuracy(double[] probs, int classes, double[] label, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        int ok = 0;
        for (int i = 0; i < n; i++) {
            ok += argmax(probs, classes, i) == (int) label[i] ? 1 : 0;
        }
        return (double) ok / n;
    }

    private static long[][] confusion(double[] probs, int classes, double[] label, int n) {
        long[][] m = new long[classes][classes]; // [true][predicted]
        for (int i = 0; i < n; i++) {
            int t = (int) label[i];
            if (t >= 0 && t < classes) {
                m[t][argmax(probs, classes, i)]++;
            }
        }
        return m;
    }

    /**
     * Macro-averaged precision as {@code sklearn.metrics.precision_score(average='macro')}: the mean over the classes
     * that occur as label or prediction, a class never predicted counting 0 (sklearn's zero_division default).
     */
    public static double macroPrecision(double[] probs, int classes, double[] label, int n) {
        return macro(confusion(probs, classes, label, n), true);
    }

    /** Macro-averaged recall as {@code sklearn.metrics.recall_score(average='macro')}. */
    public static double macroRecall(double[] probs, int classes, double[] label, int n) {
        return macro(confusion(probs, classes, label, n), false);
    }

    private static double macro(long[][] m, boolean precision) {
        int k = m.length;
        double sum = 0;
        int present = 0;
        for (int c = 0; c < k; c++) {
            long tp = m[c][c];
            long asTrue = 0;
            long asPred = 0;
            for (int o = 0; o < k; o++) {
                asTrue += m[c][o];
                asPred += m[o][c];
            }
            if (asTrue == 0 && asPred == 0) {
                continue;
            }
            present++;
            long denom = precision ? asPred : asTrue;
            sum += denom == 0 ? 0 : (double) tp / denom;
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    /**
     * One-vs-rest macro ROC AUC as {@code sklearn.metrics.roc_auc_score(y, p, multi_class='ovr', average='macro')};
     * NaN unless every class occurs among the labels and not every label is the same.
     */
    public static double macroRocAucOneVsRest(double[] probs, int classes, double[] label, int n) {
        double[] score = new double[n];
        double[] bin = new double[n];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < n; i++) {
                score[i] = probs[i * classes + c];
                bin[i] = (int) label[i] == c ? 1 : 0;
            }
            double auc = rocAuc(score, bin, n);
            if (Double.isNaN(auc)) {
                return Double.NaN;
            }
            sum += auc;
        }
        return sum / classes;
    }

    /**
     * Multi-class log-loss: mean of −ln p[label] with probabilities clipped to [EPS, 1 − EPS] (rows are not
     * renormalised).
     */
    public static double multiclassLogLoss(double[] probs, int classes, double[] label, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            int t = (int) label[i];
            double p = t >= 0 && t < classes ? probs[i * classes + t] : 0;
            s -= Math.log(Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, p)));
        }
        return s / n;
    }
}
