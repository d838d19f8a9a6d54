package dev.mlops.examples;

import dev.mlops.registry.dataset.DatasetVersion;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.registry.experiment.Run;
import dev.mlops.registry.experiment.RunFilter;
import dev.mlops.registry.experiment.RunInfo;
import dev.mlops.registry.experiment.RunQuery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The registry snippets of README.md, verbatim, so they are known to compile (and run: {@code main}).
 */
public final class RegistryReadmeSnippets {
    private RegistryReadmeSnippets() {
    }

    static void registerAliasResolveRollback(Path dir, Path v1File, Path v2File) {
        // --- README: register → alias → resolve-as-of → rollback
        try (Registry registry = Registry.open("file:" + dir)) {
            ModelVersion v1 = registry.register("fraud").file(v1File).metric("auc", 0.91).by("alice").commit();
            registry.setAlias("fraud", "production", v1.number(), "alice", "first release");
            Instant january = Instant.now();

            ModelVersion v2 = registry.register("fraud").file(v2File).metric("auc", 0.94).parent(v1.number()).commit();
            registry.setAlias("fraud", "production", v2.number(), "pipeline", "better AUC");

            int servedInJanuary = registry.alias("fraud", "production").resolve(january).getAsInt();   // 1
            registry.rollback("fraud", "production", "bob", "v2 raises false positives");       // back to 1
            int servingNow = registry.resolve("fraud", "production").getAsInt();                // 1
            System.out.println("January: v" + servedInJanuary + ", now: v" + servingNow);
            registry.aliasHistory("fraud", "production").moves()   // who, when, why, from, to; hash-chained
                    .forEach(m -> System.out.println(m.at() + " " + m.actor() + ": "
                            + (m.from().isPresent() ? "v" + m.from().getAsInt() : "(unset)") + " -> "
                            + (m.to().isPresent() ? "v" + m.to().getAsInt() : "(unset)") + " (" + m.reason() + ")"));
            // 2026-01-05T09:12:44Z alice: (unset) -> v1 (first release)
            // 2026-01-19T16:03:10Z pipeline: v1 -> v2 (better AUC)
            // 2026-01-20T08:41:57Z bob: v2 -> v1 (v2 raises false positives)
        }
        // --- end
    }

    static void runWithLineage(Path dir, Path trainCsv, Path modelFile) {
        // --- README: a run logged and a model registered from it with its data set lineage
        try (Registry registry = Registry.open("file:" + dir)) {
            int train = registry.datasets().add("breast-cancer", trainCsv).number();   // content-addressed, deduplicated
            String runId;
            try (Run run = registry.runs().start("bc-mlp")) {
                run.param("lr", 0.01).param("epochs", 60).input("breast-cancer", train);
                for (int epoch = 0; epoch < 60; epoch++) {
                    run.logMetric("loss", 1.0 / (epoch + 1), epoch);                  // buffered, cheap
                }
                run.logMetric("val_auc", 0.97);
                runId = run.id();
            }
            ModelVersion v = registry.register("bc").file(modelFile).run(runId)
                    .dataset("breast-cancer", train).codeRevision("4f2c1e9").commit();
            List<RunInfo> best = registry.runs().search(RunQuery.where(RunFilter.param("lr").lt(0.1))
                    .orderBy(RunFilter.metric("val_auc"), false).limit(5));
            System.out.println("best run: " + best.get(0).id() + "; " + v.id() + " from run " + v.lineage().runId().orElseThrow() + ", trained on "
                    + v.lineage().datasets() + "; used by " + registry.datasets().usage("breast-cancer", train));
        }
        // --- end
    }

    static void datasetLineage(Path dir, Path rawCsv, Path cleanCsv) {
        // --- README: a data set version derived from another, and the query back
        try (Registry registry = Registry.open("file:" + dir)) {
            DatasetVersion raw = registry.datasets().add("breast-cancer", rawCsv);
            DatasetVersion clean = registry.datasets().add("breast-cancer-clean").path(cleanCsv)
                    .derivedFrom("breast-cancer", raw.number()).codeRevision("4f2c1e9")
                    .transform("drop duplicate rows").by("alice").commit();   // checks every reference first
            System.out.println(clean.id() + " " + clean.lineage());
            // breast-cancer-clean:1 from breast-cancer:1 (input), code 4f2c1e9, transform 'drop duplicate rows'
            List<String> derived = registry.datasets().derivatives("breast-cancer", raw.number()).stream()
                    .map(DatasetVersion::id).toList();                           // [breast-cancer-clean:1]
            System.out.println("derived from " + raw.id() + ": " + derived);
        }
        // --- end
    }

    /** Runs the snippets on the breast-cancer models and data shipped in this module. */
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("mlops-readme");
        Path v1 = copy("breast_cancer_mlp_v1.onnx", work);
        Path v2 = copy("breast_cancer_mlp_v2.onnx", work);
        Path csv = copy("breast_cancer.csv", work);
        registerAliasResolveRollback(work.resolve("registry-a"), v1, v2);
        runWithLineage(work.resolve("registry-b"), csv, v1);
        datasetLineage(work.resolve("registry-c"), csv, csv);
    }

    private static Path copy(String resource, Path dir) throws Exception {
        Path out = dir.resolve(resource);
        try (var in = RegistryReadmeSnippets.class.getResourceAsStream("fixtures/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource + " in the examples module");
            }
            Files.copy(in, out);
        }
        return out;
    }
}
