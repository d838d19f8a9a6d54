package dev.mlops.test;

import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;

/**
 * AssertJ entry points for serving values only ({@link Outputs}, {@link Tensor}): use these when only
 * {@code mlops-serving} is on your test class path ({@code mlops-test} declares serving and monitoring optional).
 * Stateless and thread-safe; the assertion objects are not (as in AssertJ).
 */
public final class ServingAssertions {
    private ServingAssertions() {
    }

    /** Assertions on a prediction's outputs. */
    public static OutputsAssert assertThat(Outputs actual) {
        return new OutputsAssert(actual);
    }

    /** Assertions on one tensor. */
    public static TensorAssert assertThat(Tensor actual) {
        return new TensorAssert(actual);
    }
}
