package dev.mlops.serving;

import java.util.List;
import java.util.Optional;

/**
 * A model's inputs and outputs as read from the ONNX graph: the graph inputs minus initializers (ONNX Runtime reports
 * only the inputs a caller must feed), and the outputs, each in graph order. Immutable and thread-safe.
 *
 * @param inputs  the inputs, in graph order
 * @param outputs the outputs, in graph order
 */
public record Signature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    /** Copies both lists. */
    public Signature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The input named {@code name}. */
    public Optional<TensorSpec> input(String name) {
        for (TensorSpec s : inputs) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The output named {@code name}. */
    public Optional<TensorSpec> output(String name) {
        for (TensorSpec s : outputs) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The input names in graph order. */
    public List<String> inputNames() {
        return inputs.stream().map(TensorSpec::name).toList();
    }

    /** The output names in graph order. */
    public List<String> outputNames() {
        return outputs.stream().map(TensorSpec::name).toList();
    }

    @Override
    public String toString() {
        return "inputs " + inputs + " -> outputs " + outputs;
    }
}
