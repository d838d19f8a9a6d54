package dev.mlops.serving;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One input or output of a model as the ONNX graph declares it: its name, what kind of value it is, and for tensors the
 * element type and shape. A dimension that the graph leaves symbolic (a name such as {@code batch}, or nothing at all)
 * has the size {@link #SYMBOLIC} and its name, if any, in {@link #dimensionNames()}. Immutable and thread-safe.
 */
public final class TensorSpec {
    /** The size reported for a symbolic (variable) dimension. */
    public static final long SYMBOLIC = -1;

    /** What kind of value an input or output holds. */
    public enum Kind {
        /** A dense tensor. */
        TENSOR,
        /** A sequence, e.g. the list of per-row probability maps a scikit-learn ZipMap classifier returns. */
        SEQUENCE,
        /** A map. */
        MAP,
        /** Anything else ONNX Runtime reports (optional, sparse tensor). */
        OTHER
    }

    private final String name;
    private final Kind kind;
    private final ElementType elementType;
    private final long[] shape;
    private final List<String> dimensionNames;
    private final String description;

    /**
     * A spec. {@code elementType} and {@code shape} are for tensors ({@code null} and empty otherwise);
     * {@code dimensionNames} has one entry per dimension ({@code ""} when unnamed); {@code description} is ONNX
     * Runtime's rendering of the type, e.g. {@code seq(map(int64,tensor(float)))}.
     */
    public TensorSpec(String name, Kind kind, ElementType elementType, long[] shape, List<String> dimensionNames,
                      String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.elementType = elementType;
        this.shape = shape == null ? new long[0] : shape.clone();
        this.dimensionNames = List.copyOf(dimensionNames == null ? List.of() : dimensionNames);
        if (this.dimensionNames.size() != this.shape.length) {
            throw new IllegalArgumentException("one dimension name per dimension: shape " + Arrays.toString(this.shape)
                    + ", names " + this.dimensionNames);
        }
        if (kind == Kind.TENSOR && elementType == null) {
            throw new IllegalArgumentException("a tensor spec needs an element type");
        }
        this.description = description == null ? "" : description;
    }

    /** The input or output name. */
    public String name() {
        return name;
    }

    /** The kind of value. */
    public Kind kind() {
        return kind;
    }

    /** The element type of a tensor; empty for sequences, maps and unknown element types. */
    public Optional<ElementType> elementType() {
        return Optional.ofNullable(elementType);
    }

    /** A copy of the declared shape with {@link #SYMBOLIC} for symbolic dimensions; empty for non-tensors and scalars. */
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dimensions of a tensor (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** The declared size of dimension {@code i}, or {@link #SYMBOLIC}. */
    public long dim(int i) {
        return shape[i];
    }

    /** The names of the dimensions ({@code ""} where a dimension is fixed or unnamed). */
    public List<String> dimensionNames() {
        return dimensionNames;
    }

    /**
     * Whether dimension 0 is a batch dimension: true only for a tensor of rank at least 1 whose first dimension is
     * symbolic. Fixed-shape and scalar inputs predict as they are.
     */
    public boolean isBatched() {
        return kind == Kind.TENSOR && shape.length > 0 && shape[0] == SYMBOLIC;
    }

    /** ONNX Runtime's description of the type. */
    public String description() {
        return description;
    }

    /** The shape as people write it: {@code [batch, 10]}, {@code [?, 4]}, {@code []}. */
    public String shapeString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (shape[i] == SYMBOLIC) {
                String n = dimensionNames.get(i);
                sb.append(n.isEmpty() ? "?" : n);
            } else {
                sb.append(shape[i]);
            }
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TensorSpec)) {
            return false;
        }
        TensorSpec t = (TensorSpec) o;
        return name.equals(t.name) && kind == t.kind && elementType == t.elementType && Arrays.equals(shape, t.shape)
                && dimensionNames.equals(t.dimensionNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, elementType, Arrays.hashCode(shape), dimensionNames);
    }

    @Override
    public String toString() {
        return kind == Kind.TENSOR ? name + ": " + elementType + shapeString() : name + ": " + description;
    }
}
