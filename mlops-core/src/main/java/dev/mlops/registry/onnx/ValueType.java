package dev.mlops.registry.onnx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The type of a model input or output: a (dense or sparse) tensor with element type and optional shape, a sequence,
 * a map or an optional of another type. {@link #describe()} prints it as ONNX Runtime does:
 * {@code tensor(float)}, {@code seq(map(int64,tensor(float)))}. Immutable and thread-safe.
 */
public sealed interface ValueType {

    /** The type as ONNX Runtime prints it, e.g. {@code tensor(float)} or {@code seq(map(int64,tensor(float)))}. */
    String describe();

    /**
     * A tensor.
     *
     * @param elementType the element type
     * @param shape       the dimensions, or empty when the model does not declare a shape (any rank)
     */
    record Tensor(ElementType elementType, Optional<List<Dimension>> shape) implements ValueType {
        public Tensor {
            Objects.requireNonNull(elementType, "elementType");
            shape = Objects.requireNonNull(shape, "shape").map(List::copyOf);
        }

        /** A tensor of known shape. */
        public static Tensor of(ElementType elementType, List<Dimension> shape) {
            return new Tensor(elementType, Optional.of(shape));
        }

        /** The rank, or -1 when the shape is not declared. */
        public int rank() {
            return shape.map(List::size).orElse(-1);
        }

        @Override
        public String describe() {
            return "tensor(" + elementType.onnxName() + ")";
        }

        @Override
        public String toString() {
            return describe() + shape.map(Object::toString).orElse("[?]");
        }
    }

    /** A sparse tensor. */
    record SparseTensor(ElementType elementType, Optional<List<Dimension>> shape) implements ValueType {
        public SparseTensor {
            Objects.requireNonNull(elementType, "elementType");
            shape = Objects.requireNonNull(shape, "shape").map(List::copyOf);
        }

        @Override
        public String describe() {
            return "sparse_tensor(" + elementType.onnxName() + ")";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** A sequence of values of one type. */
    record Sequence(ValueType elementType) implements ValueType {
        public Sequence {
            Objects.requireNonNull(elementType, "elementType");
        }

        @Override
        public String describe() {
            return "seq(" + elementType.describe() + ")";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** A map from a scalar key type to values of one type. */
    record MapType(ElementType keyType, ValueType valueType) implements ValueType {
        public MapType {
            Objects.requireNonNull(keyType, "keyType");
            Objects.requireNonNull(valueType, "valueType");
        }

        @Override
        public String describe() {
            return "map(" + keyType.onnxName() + "," + valueType.describe() + ")";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** An optional value of one type. */
    record OptionalType(ValueType elementType) implements ValueType {
        public OptionalType {
            Objects.requireNonNull(elementType, "elementType");
        }

        @Override
        public String describe() {
            return "optional(" + elementType.describe() + ")";
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
