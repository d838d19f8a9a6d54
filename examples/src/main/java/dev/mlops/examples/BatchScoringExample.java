package dev.mlops.examples;

import dev.mlops.registry.dataset.DatasetVersion;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.serving.scoring.BatchScorer;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scores a registry data set version with a registry model version and stores the output as a new data set version:
 * the README's batch scoring snippet, verbatim. Runs on the fixtures shipped in this module.
 */
public final class BatchScoringExample {
    private BatchScoringExample() {
    }

    public static void main(String[] args) throws Exception {
        Path onnx = Fixtures.path("breast_cancer_mlp_v1.onnx");
        Path csv = Fixtures.path("breast_cancer.csv");
        try (Registry registry = Registry.inMemory()) {
            ModelVersion mv = registry.register("cancer").bytes(Files.readAllBytes(onnx)).fileName("model.onnx").commit();
            DatasetVersion patients = registry.datasets().add("patients", csv);
            // README: begin
            try (LoadedModel model = Models.load(registry, "cancer", mv.number())) {   // named "cancer:1"
                BatchScorer scorer = BatchScorer.builder(model).chunkRows(1024)
                        .progress(p -> System.out.printf("%d rows, %.0f rows/s%n", p.rowsDone(), p.rowsPerSecond()))
                        .build();
                BatchScorer.DatasetScoring scored = scorer.scoreDatasetInto(registry, "patients", patients.number(),
                        model.name(), "patients-scored", "alice");
                System.out.println(scored.output().id() + ": " + scored.output().lineage());
                // patients-scored:1: from patients:1 (input), by model cancer:1, transform 'batch scoring'
                System.out.println(registry.datasets().outputsOf("cancer", mv.number()).get(0).id());   // patients-scored:1
            }
            // README: end
        }
    }
}
