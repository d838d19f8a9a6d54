package dev.mlops.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The named tensors fed to one prediction. Built with {@link #of(String, Tensor)}, {@link #builder()}, from rows
 * ({@link #ofRows(float[][])}) or from records ({@link #fromRecords(Signature, List)}). A single unnamed tensor
 * ({@link #of(Tensor)}) feeds the only input of a one-input model. Immutable and thread-safe (under the array rule
 * of {@link Tensor}).
 */
public final class Inputs {
    /** The name under which {@link #of(Tensor)} stores its tensor until the model resolves it. */
    static final String UNNAMED = "";

    private final String[] names;
    private final Tensor[] tensors;

    private Inputs(String[] names, Tensor[] tensors) {
        this.names = names;
        this.tensors = tensors;
    }

    /** The tensor for the only input of a one-input model, whatever its name. */
    public static Inputs of(Tensor tensor) {
        return new Inputs(new String[]{UNNAMED}, new Tensor[]{Objects.requireNonNull(tensor, "tensor")});
    }

    /** One named tensor. */
    public static Inputs of(String name, Tensor tensor) {
        return builder().add(name, tensor).build();
    }

    /** Two named tensors. */
    public static Inputs of(String name1, Tensor tensor1, String name2, Tensor tensor2) {
        return builder().add(name1, tensor1).add(name2, tensor2).build();
    }

    /** Float32 rows {@code [rows.length, width]} for the only input of a one-input model. */
    public static Inputs ofRows(float[][] rows) {
        return of(Tensor.ofRows(rows));
    }

    /** A builder of named inputs. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Inputs for a tabular model from records, one {@code Map} per row. When every input of the signature is a key of
     * the records, each input is built from its column: a scalar per row gives shape {@code [rows]} or
     * {@code [rows, 1]} (whichever the signature declares), an array or list per row gives {@code [rows, k]}. Values
     * are converted to the input's element type (numbers, booleans, strings; a string that parses as a number is
     * accepted for numeric inputs).
     *
     * <p>For a model with one {@code [batch, features]} input whose features are not named in the graph, use
     * {@link #fromRecords(Signature, List, List)} with the column order.
     *
     * @throws InvalidInputException naming the row and column of a missing or unconvertible value
     */
    public static Inputs fromRecords(Signature signature, List<? extends Map<String, ?>> records) {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(records, "records");
        Builder b = builder();
        for (TensorSpec spec : signature.inputs()) {
            b.add(spec.name(), RecordColumns.column(spec, records));
        }
        return b.build();
    }

    /**
     * Inputs for a model with exactly one {@code [batch, features]} input from records, taking the features from
     * {@code columns} in that order.
     *
     * @throws IllegalArgumentException if the model does not have exactly one rank-2 input with {@code columns.size()}
     *                                  features
     * @throws InvalidInputException    naming the row and column of a missing or unconvertible value
     */
    public static Inputs fromRecords(Signature signature, List<? extends Map<String, ?>> records, List<String> columns) {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(columns, "columns");
        if (signature.inputs().size() != 1 || signature.inputs().get(0).rank() != 2) {
            throw new IllegalArgumentException("records with a column order need a model with one [batch, features]"
                    + " input; this model has " + signature.inputs());
        }
        TensorSpec spec = signature.inputs().get(0);
        if (spec.dim(1) != TensorSpec.SYMBOLIC && spec.dim(1) != columns.size()) {
            throw new IllegalArgumentException("input '" + spec.name() + "' has " + spec.dim(1) + " features, given "
                    + columns.size() + " columns " + columns);
        }
        return of(spec.name(), RecordColumns.matrix(spec, records, columns));
    }

    /** The number of tensors. */
    public int size() {
        return names.length;
    }

    /** The tensor named {@code name}, or null. */
    public Tensor get(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return tensors[i];
            }
        }
        return null;
    }

    /** The names in the order they were added ({@code ""} for the tensor of {@link #of(Tensor)}). */
    public List<String> names() {
        return Collections.unmodifiableList(Arrays.asList(names));
    }

    /** The inputs as an ordered map. */
    public Map<String, Tensor> asMap() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], tensors[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    String nameAt(int i) {
        return names[i];
    }

    Tensor tensorAt(int i) {
        return tensors[i];
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** Builds {@link Inputs}. Not thread-safe. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>(4);
        private final List<Tensor> tensors = new ArrayList<>(4);

        private Builder() {
        }

        /** Adds a named tensor; a name may be added once. */
        public Builder add(String name, Tensor tensor) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(tensor, "tensor");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("input names are not empty");
            }
            if (names.contains(name)) {
                throw new IllegalArgumentException("input '" + name + "' was already added");
            }
            names.add(name);
            tensors.add(tensor);
            return this;
        }

        /**
         * Adds a tensor of {@code type} over a flat carrier array and a shape (see {@link Tensor#of}); a length that
         * does not match the shape is an {@link InvalidInputException} naming the input.
         */
        public Builder add(String name, ElementType type, Object data, long... shape) {
            Tensor t;
            try {
                t = Tensor.of(type, data, shape);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(name, "data matching shape " + Arrays.toString(shape),
                        describe(data), "input '" + name + "': " + e.getMessage());
            }
            return add(name, t);
        }

        /** Adds a float32 tensor over a flat array and a shape (length checked, naming the input). */
        public Builder add(String name, float[] data, long... shape) {
            return add(name, ElementType.FLOAT, data, shape);
        }

        /** Adds an int64 tensor over a flat array and a shape (length checked, naming the input). */
        public Builder add(String name, long[] data, long... shape) {
            return add(name, ElementType.INT64, data, shape);
        }

        /** The inputs. */
        public Inputs build() {
            return new Inputs(names.toArray(new String[0]), tensors.toArray(new Tensor[0]));
        }

        private static String describe(Object data) {
            return data == null ? "null" : data.getClass().getSimpleName() + " of length "
                    + java.lang.reflect.Array.getLength(data);
        }
    }
}
