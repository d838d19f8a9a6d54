package dev.mlops.examples;

import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.Tensor;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Loads an ONNX model and predicts two rows: the README's serving snippet, verbatim. Run with the path of
 * {@code breast_cancer_mlp_v1.onnx} (default: the copy shipped in this module).
 */
public final class PredictExample {
    private PredictExample() {
    }

    public static void main(String[] args) {
        Path path = args.length > 0 ? Path.of(args[0]) : Fixtures.path("breast_cancer_mlp_v1.onnx");
        // README: begin
        try (LoadedModel model = Models.load(path)) {
            System.out.println(model.signature()); // inputs [features: float32[batch, 30]] -> outputs [...]
            float[][] rows = {new float[30], new float[30]};
            Tensor probabilities = model.predict(rows).first();
            System.out.println(Arrays.toString(probabilities.shape()) + " " + Arrays.toString(probabilities.floatData()));
        }
        // README: end
    }
}
