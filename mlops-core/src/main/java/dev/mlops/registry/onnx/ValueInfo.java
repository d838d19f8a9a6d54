package dev.mlops.registry.onnx;

import java.util.List;
import java.util.Objects;

/**
 * A named input or output of a model and its type. Immutable and thread-safe.
 *
 * @param name the input or output name in the graph
 * @param type its type
 */
public record ValueInfo(String name, ValueType type) {
    public ValueInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** Shorthand for a tensor input or output. */
    public static ValueInfo tensor(String name, ElementType elementType, Dimension... shape) {
        return new ValueInfo(name, ValueType.Tensor.of(elementType, List.of(shape)));
    }

    /**
     * The shape as ONNX Runtime reports it: dimension strings for a tensor ({@code ["batch", "30"]}), empty for
     * non-tensor types or undeclared shapes.
     */
    public List<String> shapeStrings() {
        if (type instanceof ValueType.Tensor t && t.shape().isPresent()) {
            return t.shape().get().stream().map(Dimension::toString).toList();
        }
        return List.of();
    }

    @Override
    public String toString() {
        return name + ": " + type;
    }
}
