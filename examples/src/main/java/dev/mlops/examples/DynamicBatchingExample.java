package dev.mlops.examples;

import dev.mlops.serving.batch.BatchingOptions;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.endpoint.VariantStats;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Dynamic batching on an endpoint: 569 single-row requests to the breast-cancer MLP are submitted without blocking
 * ({@code predictAsync}), coalesced into batches, and every answer is checked against an unbatched run. The README's
 * batching snippet, verbatim. Runs on the fixtures shipped in this module.
 */
public final class DynamicBatchingExample {
    private DynamicBatchingExample() {
    }

    public static void main(String[] args) throws Exception {
        Path onnx = Fixtures.path("breast_cancer_mlp_v1.onnx");
        List<float[]> rows = features(Fixtures.path("breast_cancer.csv"));
        List<Outputs> answers = new ArrayList<>();
        // README: begin
        BatchingOptions batching = BatchingOptions.builder().maxBatchRows(64).maxDelay(Duration.ofMillis(2)).build();
        try (Endpoint endpoint = Endpoint.builder("cancer").variant("v1", Models.load(onnx)).batching(batching).build()) {
            List<CompletableFuture<Outputs>> pending = new ArrayList<>();
            for (float[] row : rows) {                       // every request in flight at once, no thread each
                pending.add(endpoint.predictAsync(Inputs.of(Tensor.ofFloats(row, 1, 30))));
            }
            for (CompletableFuture<Outputs> f : pending) {
                answers.add(f.join());
            }
            VariantStats v1 = endpoint.stats().variant("v1");
            System.out.printf("%d requests in %d batches, largest %d rows%n", v1.requests(), v1.batches(), v1.batchRowsMax());
        }
        // README: end
        try (LoadedModel alone = Models.load(onnx)) {
            for (int i = 0; i < rows.size(); i++) {
                Outputs expected = alone.predict(Inputs.of(Tensor.ofFloats(rows.get(i), 1, 30)));
                Object label = answers.get(i).value(expected.names().get(0));
                if (!label.equals(expected.value(expected.names().get(0)))) {
                    throw new IllegalStateException("row " + i + ": batched " + label + " != unbatched "
                            + expected.value(expected.names().get(0)));
                }
            }
        }
        System.out.println("all " + rows.size() + " batched answers equal the unbatched ones");
    }

    /** The 30 feature columns of the shipped breast-cancer CSV (header skipped, target dropped). */
    static List<float[]> features(Path csv) throws Exception {
        List<float[]> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            float[] row = new float[30];
            for (int k = 0; k < 30; k++) {
                row[k] = Float.parseFloat(cells[k]);
            }
            out.add(row);
        }
        return out;
    }
}
