package dev.mlops.test;

import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;
import org.assertj.core.api.AbstractAssert;

import java.util.Arrays;
import java.util.List;

/** AssertJ assertions on a prediction's {@link Outputs}. Not thread-safe (as any AssertJ assertion). */
public final class OutputsAssert extends AbstractAssert<OutputsAssert, Outputs> {
    OutputsAssert(Outputs actual) {
        super(actual, OutputsAssert.class);
    }

    /** The outputs are exactly these names, in this order. */
    public OutputsAssert hasOutputs(String... names) {
        isNotNull();
        if (!actual.names().equals(Arrays.asList(names))) {
            failWithMessage("expected outputs %s but found %s", Arrays.toString(names), actual.names());
        }
        return this;
    }

    /** Assertions on the tensor output {@code name}. */
    public TensorAssert output(String name) {
        isNotNull();
        if (!actual.names().contains(name)) {
            failWithMessage("expected an output named '%s' but the outputs are %s", name, actual.names());
        }
        Object v = actual.value(name);
        if (!(v instanceof Tensor t)) {
            failWithMessage("expected output '%s' to be a tensor but it is a %s", name,
                    v == null ? "null" : v.getClass().getSimpleName());
            return null;
        }
        return new TensorAssert(t).as("output '%s'", name);
    }

    /** Assertions on the first output (a tensor). */
    public TensorAssert firstOutput() {
        isNotNull();
        return output(actual.names().get(0));
    }

    /**
     * Every tensor output of {@code other} has the same name, shape and values within {@code tolerance} (absolute),
     * e.g. to compare two model versions or a shadow with its primary.
     */
    public OutputsAssert agreesWith(Outputs other, double tolerance) {
        isNotNull();
        List<String> names = actual.names();
        if (!names.equals(other.names())) {
            failWithMessage("expected outputs %s but found %s", other.names(), names);
        }
        for (String n : names) {
            if (actual.value(n) instanceof Tensor a && other.value(n) instanceof Tensor b) {
                new TensorAssert(a).as("output '%s'", n).isCloseTo(b, tolerance);
            }
        }
        return this;
    }
}
