package dev.mlops.serving;

import java.util.Arrays;

/** Checks inputs against a signature before native code runs, and orders them as the signature does. Stateless. */
final class InputValidation {
    private InputValidation() {
    }

    /** The tensors in signature order, or an {@link InvalidInputException} naming the input, expected and given. */
    static Tensor[] bind(String model, Signature signature, int maxBatch, Inputs inputs) {
        int n = signature.inputs().size();
        Tensor[] ordered = new Tensor[n];
        if (inputs.size() == 1 && Inputs.UNNAMED.equals(inputs.nameAt(0))) {
            if (n != 1) {
                throw new InvalidInputException("", "named inputs " + signature.inputNames(), "one unnamed tensor",
                        "model '" + model + "' has " + n + " inputs " + signature.inputNames()
                                + "; name each one (Inputs.builder().add(name, tensor))");
            }
            ordered[0] = inputs.tensorAt(0);
        } else {
            for (int i = 0; i < inputs.size(); i++) {
                String name = inputs.nameAt(i);
                int idx = indexOf(signature, name);
                if (idx < 0) {
                    throw new InvalidInputException(name, "one of " + signature.inputNames(), name,
                            "model '" + model + "' has no input named '" + name + "'; its inputs are "
                                    + signature.inputNames());
                }
                ordered[idx] = inputs.tensorAt(i);
            }
            for (int i = 0; i < n; i++) {
                if (ordered[i] == null) {
                    TensorSpec s = signature.inputs().get(i);
                    throw new InvalidInputException(s.name(), s.toString(), "nothing",
                            "model '" + model + "' needs input '" + s.name() + "' (" + describe(s)
                                    + "), which was not given; given " + inputs.names());
                }
            }
        }
        String[] dimNames = null;
        long[] dimValues = null;
        int dimCount = 0;
        for (int i = 0; i < n; i++) {
            TensorSpec s = signature.inputs().get(i);
            Tensor t = ordered[i];
            if (s.kind() != TensorSpec.Kind.TENSOR) {
                throw new InvalidInputException(s.name(), s.description(), "a tensor", "input '" + s.name()
                        + "' of model '" + model + "' is a " + s.description() + ", which cannot be fed from Java");
            }
            ElementType expected = s.elementType().orElseThrow();
            if (t.type() != expected) {
                throw new InvalidInputException(s.name(), expected.numpyName(), t.type().numpyName(),
                        "input '" + s.name() + "' of model '" + model + "' expects " + expected + ", given "
                                + t.type() + " " + shape(t) + "; convert the data to " + expected);
            }
            if (t.rank() != s.rank()) {
                throw new InvalidInputException(s.name(), "rank " + s.rank() + " " + s.shapeString(),
                        "rank " + t.rank() + " " + shape(t), "input '" + s.name() + "' of model '" + model
                        + "' expects rank " + s.rank() + " (shape " + s.shapeString() + "), given rank " + t.rank()
                        + " (shape " + shape(t) + ")");
            }
            for (int d = 0; d < s.rank(); d++) {
                long want = s.dim(d);
                if (want != TensorSpec.SYMBOLIC && want != t.dim(d)) {
                    throw new InvalidInputException(s.name(), s.shapeString(), shape(t), "input '" + s.name()
                            + "' of model '" + model + "': dimension " + d + " must be " + want + " (shape "
                            + s.shapeString() + "), given shape " + shape(t));
                }
                if (want == TensorSpec.SYMBOLIC) {
                    String dn = s.dimensionNames().get(d);
                    if (!dn.isEmpty()) {
                        if (dimNames == null) {
                            dimNames = new String[8];
                            dimValues = new long[8];
                        }
                        int k = 0;
                        while (k < dimCount && !dimNames[k].equals(dn)) {
                            k++;
                        }
                        if (k < dimCount) {
                            if (dimValues[k] != t.dim(d)) {
                                throw new InvalidInputException(s.name(), dn + " = " + dimValues[k],
                                        dn + " = " + t.dim(d), "input '" + s.name() + "' of model '" + model
                                        + "': dimension '" + dn + "' is " + t.dim(d) + " here but " + dimValues[k]
                                        + " in an earlier input; inputs sharing a dimension name must agree");
                            }
                        } else if (dimCount < dimNames.length) {
                            dimNames[dimCount] = dn;
                            dimValues[dimCount++] = t.dim(d);
                        }
                    }
                }
            }
            if (maxBatch > 0 && s.isBatched() && t.dim(0) > maxBatch) {
                throw new InvalidInputException(s.name(), "batch <= " + maxBatch, "batch " + t.dim(0),
                        "input '" + s.name() + "' of model '" + model + "' has batch " + t.dim(0)
                                + ", above the maximum of " + maxBatch + " (ModelOptions.maxBatch); split the request");
            }
        }
        return ordered;
    }

    private static int indexOf(Signature s, String name) {
        for (int i = 0; i < s.inputs().size(); i++) {
            if (s.inputs().get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String shape(Tensor t) {
        return Arrays.toString(t.shape());
    }

    private static String describe(TensorSpec s) {
        return s.kind() == TensorSpec.Kind.TENSOR ? s.elementType().orElseThrow() + " " + s.shapeString()
                : s.description();
    }
}
