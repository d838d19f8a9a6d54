package dev.mlops.test;

import dev.mlops.serving.ElementType;
import dev.mlops.serving.Tensor;
import org.assertj.core.api.AbstractAssert;

import java.util.Arrays;

/**
 * AssertJ assertions on a {@link Tensor}: shape, type and values compared within an absolute tolerance (numeric types
 * are compared as doubles). Not thread-safe (as any AssertJ assertion).
 */
public final class TensorAssert extends AbstractAssert<TensorAssert, Tensor> {
    TensorAssert(Tensor actual) {
        super(actual, TensorAssert.class);
    }

    /** The shape is exactly {@code shape}. */
    public TensorAssert hasShape(long... shape) {
        isNotNull();
        if (!Arrays.equals(actual.shape(), shape)) {
            failWithMessage("expected shape %s but found %s", Arrays.toString(shape), Arrays.toString(actual.shape()));
        }
        return this;
    }

    /** The element type is {@code type}. */
    public TensorAssert hasType(ElementType type) {
        isNotNull();
        if (actual.type() != type) {
            failWithMessage("expected element type %s but found %s", type, actual.type());
        }
        return this;
    }

    /** Every element is within {@code tolerance} of {@code expected}'s (same element count). */
    public TensorAssert isCloseTo(double[] expected, double tolerance) {
        isNotNull();
        if (actual.size() != expected.length) {
            failWithMessage("expected %d values but found %d (shape %s)", expected.length, actual.size(),
                    Arrays.toString(actual.shape()));
        }
        int bad = 0;
        int first = -1;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(actual.getDouble(i) - expected[i]);
            if (!(d <= tolerance)) {
                if (first < 0) {
                    first = i;
                }
                bad++;
                worst = Double.isNaN(d) ? Double.NaN : Math.max(worst, d);
            }
        }
        if (bad > 0) {
            failWithMessage("expected every value within %s of the expected ones, but %d of %d differ; the first at "
                            + "index %d: expected %s, found %s (largest difference %s)", tolerance, bad,
                    expected.length, first, expected[first], actual.getDouble(first), worst);
        }
        return this;
    }

    /** Every element is within {@code tolerance} of {@code expected}'s (same element count). */
    public TensorAssert isCloseTo(float[] expected, double tolerance) {
        double[] d = new double[expected.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = expected[i];
        }
        return isCloseTo(d, tolerance);
    }

    /** Same shape as {@code expected} and every element within {@code tolerance}. */
    public TensorAssert isCloseTo(Tensor expected, double tolerance) {
        hasShape(expected.shape());
        double[] d = new double[expected.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = expected.getDouble(i);
        }
        return isCloseTo(d, tolerance);
    }

    /** Every element is in {@code [min, max]} (e.g. probabilities in [0, 1]). */
    public TensorAssert allBetween(double min, double max) {
        isNotNull();
        for (int i = 0; i < actual.size(); i++) {
            double v = actual.getDouble(i);
            if (!(v >= min && v <= max)) {
                failWithMessage("expected every value in [%s, %s] but index %d is %s", min, max, i, v);
            }
        }
        return this;
    }
}
