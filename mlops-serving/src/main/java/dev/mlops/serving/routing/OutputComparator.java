package dev.mlops.serving.routing;

import dev.mlops.serving.ElementType;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Compares a shadow variant's outputs with the primary's. Called on a shadow thread, never on the caller's; an
 * exception it throws is logged and counted as a shadow error. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface OutputComparator {
    /** The result of one comparison. */
    record Comparison(boolean agree, double maxAbsDifference, String detail) {
    }

    /** Compares {@code shadow} with {@code primary}. */
    Comparison compare(Outputs primary, Outputs shadow);

    /**
     * Compares what the model says: for a classifier (outputs with an integer or string label tensor, a sequence of
     * class-to-probability maps, or a floating-point tensor whose name contains {@code prob}) the predicted labels
     * ({@link #labelEqual()}); for anything else the values within 1e-4 ({@link #valuesWithin(double)}).
     */
    static OutputComparator defaults() {
        OutputComparator labels = labelEqual();
        OutputComparator values = valuesWithin(1e-4);
        return (primary, shadow) -> Labels.isClassifier(primary) ? labels.compare(primary, shadow)
                : values.compare(primary, shadow);
    }

    /**
     * The predicted class of every row must be the same: read from the first integer or string label output, else
     * the arg-max of the first probability output (sequence of maps, or a floating-point tensor {@code [n, k]} named
     * {@code *prob*}). Outputs that carry no label are a disagreement. {@code maxAbsDifference} is the share of rows
     * whose labels differ.
     */
    static OutputComparator labelEqual() {
        return (primary, shadow) -> Labels.compare(primary, shadow, 1);
    }

    /**
     * The primary's predicted class of every row must be among the shadow's {@code k} most probable classes (needs a
     * probability output in the shadow; {@code k = 1} is {@link #labelEqual()} on probabilities).
     */
    static OutputComparator topK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, given " + k);
        }
        return (primary, shadow) -> Labels.compare(primary, shadow, k);
    }

    /**
     * Floating-point outputs agree when their largest absolute difference is at most {@code epsilon}; labels (integer,
     * bool, string) must be equal; shapes must match. The same as {@link #maxAbsDifference(double)}.
     */
    static OutputComparator valuesWithin(double epsilon) {
        return maxAbsDifference(epsilon);
    }

    /**
     * Floating-point outputs (tensors, and the values of sequence-of-map outputs) agree when their largest absolute
     * difference is at most {@code tolerance}; integer, bool and string outputs (labels) must be equal; shapes must
     * match. Outputs the shadow lacks are disagreements.
     */
    static OutputComparator maxAbsDifference(double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, given " + tolerance);
        }
        return (primary, shadow) -> {
            double max = 0;
            for (String name : primary.names()) {
                if (!shadow.names().contains(name)) {
                    return new Comparison(false, Double.NaN, "shadow has no output '" + name + "'");
                }
                Object a = primary.value(name);
                Object b = shadow.value(name);
                double d = difference(a, b);
                if (Double.isInfinite(d) || Double.isNaN(d)) {
                    return new Comparison(false, d, "output '" + name + "' differs in shape, type or labels");
                }
                max = Math.max(max, d);
            }
            boolean agree = max <= tolerance;
            return new Comparison(agree, max, agree ? "" : "max |difference| " + max + " > " + tolerance);
        };
    }

    private static double difference(Object a, Object b) {
        if (a instanceof Tensor && b instanceof Tensor) {
            Tensor x = (Tensor) a;
            Tensor y = (Tensor) b;
            if (!Arrays.equals(x.shape(), y.shape())) {
                return Double.POSITIVE_INFINITY;
            }
            boolean floating = x.type() == ElementType.FLOAT || x.type() == ElementType.DOUBLE
                    || x.type() == ElementType.FLOAT16 || x.type() == ElementType.BFLOAT16;
            if (!floating || y.type() == ElementType.STRING) {
                return x.equals(y) ? 0 : Double.POSITIVE_INFINITY;
            }
            double m = 0;
            for (int i = 0; i < x.size(); i++) {
                m = Math.max(m, Math.abs(x.getDouble(i) - y.getDouble(i)));
            }
            return m;
        }
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return Double.POSITIVE_INFINITY;
            }
            double m = 0;
            for (int i = 0; i < x.size(); i++) {
                m = Math.max(m, difference(x.get(i), y.get(i)));
            }
            return m;
        }
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            if (!x.keySet().equals(y.keySet())) {
                return Double.POSITIVE_INFINITY;
            }
            double m = 0;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                m = Math.max(m, difference(e.getValue(), y.get(e.getKey())));
            }
            return m;
        }
        if (a instanceof Number && b instanceof Number) {
            return Math.abs(((Number) a).doubleValue() - ((Number) b).doubleValue());
        }
        return a.equals(b) ? 0 : Double.POSITIVE_INFINITY;
    }
}
