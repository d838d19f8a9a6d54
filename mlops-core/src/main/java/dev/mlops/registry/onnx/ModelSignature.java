package dev.mlops.registry.onnx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's signature: its graph inputs (minus initializers) and outputs, in graph order. Read from an ONNX file by
 * {@link OnnxSignatures}; {@link #empty()} for artifacts that are not ONNX. Immutable and thread-safe.
 *
 * @param inputs  the inputs a caller feeds
 * @param outputs the outputs the model produces
 */
public record ModelSignature(List<ValueInfo> inputs, List<ValueInfo> outputs) {
    private static final ModelSignature EMPTY = new ModelSignature(List.of(), List.of());

    public ModelSignature {
        inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        outputs = List.copyOf(Objects.requireNonNull(outputs, "outputs"));
    }

    /** The signature of an artifact whose inputs and outputs are not known. */
    public static ModelSignature empty() {
        return EMPTY;
    }

    /** Whether nothing is known about inputs and outputs. */
    public boolean isEmpty() {
        return inputs.isEmpty() && outputs.isEmpty();
    }

    /** The input named {@code name}. */
    public Optional<ValueInfo> input(String name) {
        return inputs.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** The output named {@code name}. */
    public Optional<ValueInfo> output(String name) {
        return outputs.stream().filter(v -> v.name().equals(name)).findFirst();
    }
}
