package dev.mlops.examples;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.checks.CheckSuite;
import dev.mlops.pipelines.ContinuousTraining;
import dev.mlops.pipelines.EvaluationMetric;
import dev.mlops.pipelines.Gates;
import dev.mlops.pipelines.Pipeline;
import dev.mlops.pipelines.PipelineRun;
import dev.mlops.pipelines.Pipelines;
import dev.mlops.pipelines.Steps;
import dev.mlops.pipelines.TableSource;
import dev.mlops.registry.Registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The README's pipelines snippet, compiled and runnable: a gated promotion with a four-eyes approval, resumed from its
 * record, then continuous training wired to a drift monitor. {@code main} runs it on the breast-cancer fixtures.
 */
public final class PipelinesExample {
    private PipelinesExample() {
    }

    static PipelineRun promote(Registry registry, Path evalCsv, Pipeline retrain, ReferenceProfile profile) {
        // README: begin
        Pipelines pipelines = Pipelines.builder(registry).approvers(Set.of("carol", "bob")).build();
        Pipeline production = Pipeline.builder("production")
                .step("data-check", Gates.dataCheck(CheckSuite.builder().rowCount(100, 100_000).build(),
                        TableSource.file(evalCsv)))                                   // min % passed, default 100
                .step("metric-gate", Gates.metric("bc", "production").data(TableSource.file(evalCsv))
                        .metric(EvaluationMetric.AUC).maxDrop(0.005).build())         // scores candidate AND champion
                .step("approval", Gates.approval("bc", "promote to production", "metric-gate"))
                .step("promote", Steps.promote("bc", "production"))                   // the alias moves last
                .build();
        PipelineRun run = pipelines.run(production, "alice", Map.of("version", 2));   // WAITING at "approval"
        String approval = run.step("approval").orElseThrow().outputs().get("approval").asText();
        pipelines.approvals().approve(approval, "carol", "metrics fine");            // alice could not: four eyes
        run = pipelines.resume(production, run.id());                                 // any process, from the record
        System.out.println(run.toText());                                             // steps, times, errors

        ContinuousTraining ct = ContinuousTraining.builder(pipelines, retrain)        // drift alert -> retrain
                .minInterval(Duration.ofHours(6)).rollbackOnAlert("bc", "production").build();
        DriftMonitor monitor = DriftMonitor.builder(profile).countWindow(1_000).listener(ct.driftListener()).build();
        // README: end
        monitor.close();
        ct.close();
        return run;
    }

    /** Registers both fixture MLPs, promotes v1 by hand, then runs the snippet to promote v2. */
    public static void main(String[] args) throws Exception {
        demo(Files.createTempDirectory("mlops-pipelines"));
    }

    /** The demo of {@link #main} in {@code work}; returns the production alias's target after the run. */
    static int demo(Path work) throws Exception {
        Path v1 = copy("breast_cancer_mlp_v1.onnx", work);
        Path v2 = copy("breast_cancer_mlp_v2.onnx", work);
        Path csv = copy("breast_cancer.csv", work);
        try (Registry registry = Registry.open("file:" + work.resolve("registry"))) {
            registry.register("bc").file(v1).commit();
            registry.register("bc").file(v2).commit();
            registry.setAlias("bc", "production", 1, "alice", "first release");
            Pipeline retrain = Pipeline.builder("retrain").step("train", ctx -> dev.mlops.pipelines.StepResult.ok()).build();
            ReferenceProfile profile = ReferenceProfile.fromTable(dev.mlops.monitoring.Table.readCsv(csv), Set.of(), Set.of());
            PipelineRun run = promote(registry, csv, retrain, profile);
            int now = registry.resolve("bc", "production").getAsInt();
            System.out.println("production -> v" + now + " (" + run.status() + ")");
            return now;
        }
    }

    private static Path copy(String resource, Path dir) throws Exception {
        Path out = dir.resolve(resource);
        try (var in = PipelinesExample.class.getResourceAsStream("fixtures/" + resource)) {
            Files.copy(in, out);
        }
        return out;
    }
}
