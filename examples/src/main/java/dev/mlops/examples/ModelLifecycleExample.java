package dev.mlops.examples;

import dev.mlops.monitoring.DriftListener;
import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.report.HtmlDriftReport;
import dev.mlops.monitoring.Table;
import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.monitoring.checks.CheckSuite;
import dev.mlops.monitoring.checks.ColumnType;
import dev.mlops.monitoring.stats.PValueCorrection;
import dev.mlops.pipelines.ContinuousTraining;
import dev.mlops.pipelines.EvaluationMetric;
import dev.mlops.pipelines.Gates;
import dev.mlops.pipelines.MonitoredEndpoint;
import dev.mlops.pipelines.Pipeline;
import dev.mlops.pipelines.PipelineRun;
import dev.mlops.pipelines.Pipelines;
import dev.mlops.pipelines.StepRecord;
import dev.mlops.pipelines.StepResult;
import dev.mlops.pipelines.Steps;
import dev.mlops.pipelines.TableSource;
import dev.mlops.pipelines.TrainingTrigger;
import dev.mlops.registry.AliasMove;
import dev.mlops.registry.dataset.DatasetVersion;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.registry.experiment.Run;
import dev.mlops.serving.endpoint.AliasFollower;
import dev.mlops.serving.endpoint.CanaryRamp;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.endpoint.VariantStats;
import dev.mlops.serving.routing.OutputComparator;
import dev.mlops.serving.routing.RampSchedule;
import dev.mlops.serving.routing.RoutingPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The main example: the whole life of a model on real data (Wisconsin breast cancer, two real MLPs), run by the
 * README's first command. A data set is versioned and checked, two experiment runs are logged, v1 goes through
 * staging tests and a four-eyes approval to production, v2 arrives in shadow then on a canary ramp, a drift monitor on
 * production traffic sees a shifted stream and the continuous-training hook rolls production back; the alias history
 * and a drift report close the story. The registry lives in a temporary directory ({@code file:} store).
 */
public final class ModelLifecycleExample {
    static final String MODEL = "breast-cancer-mlp";
    private static final String[] SIZE_FEATURES = {"mean radius", "mean perimeter", "mean area", "worst radius",
            "worst perimeter", "worst area"};

    private final PrintStream out;
    private final Path work;

    ModelLifecycleExample(PrintStream out, Path work) {
        this.out = out;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mlops-lifecycle");
        new ModelLifecycleExample(System.out, work).run();
    }

    /** Runs the story; returns the drift report's path. */
    Path run() throws Exception {
        long started = System.nanoTime();
        Path csv = copy("breast_cancer.csv");
        Path v1File = copy("breast_cancer_mlp_v1.onnx");
        Path v2File = copy("breast_cancer_mlp_v2.onnx");
        com.fasterxml.jackson.databind.JsonNode split = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readString(copy("breast_cancer_split.json")));
        List<String> lines = Files.readAllLines(csv);
        List<String> features = List.of(lines.get(0).split(",")).subList(0, 30);
        Path trainCsv = subset(lines, split.get("train_rows"), "train.csv");
        Path testCsv = subset(lines, split.get("test_rows"), "test.csv");
        Table train = Table.readCsv(trainCsv);
        Table test = Table.readCsv(testCsv);
        float[][] testRows = rows(test, features);
        double[] testLabels = test.numbers("target");

        try (Registry registry = Registry.open("file:" + work.resolve("registry"))) {
            Pipelines pipelines = Pipelines.builder(registry).approvers(Set.of("carol", "bob")).build();
            out.println("Registry: " + registry.description());

            // ------------------------------------------------------------------ 1-3: the experiment pipeline
            section("1-3. Data set versioned and checked, two experiment runs, both versions registered");
            CheckSuite checks = CheckSuite.builder().rowCount(500, 10_000).columnPresent("target")
                    .allowedValues("target", Set.of("0", "1")).type("mean area", ColumnType.NUMBER)
                    .range("mean radius", 5, 30).maxMissingShare("worst area", 0.0).build();
            Pipeline experiment = Pipeline.builder("experiment")
                    .step("data-check", Gates.dataCheck(checks, TableSource.file(csv)))
                    .step("store-data", ctx -> {
                        DatasetVersion all = ctx.registry().datasets().add("breast-cancer", csv);
                        DatasetVersion eval = ctx.registry().datasets().add("breast-cancer-test", testCsv);
                        return StepResult.ok(Map.of("dataset_version", all.number(), "test_version", eval.number()));
                    })
                    .step("train", ctx -> {   // the MLPs were trained offline (PyTorch): log their real settings and score them
                        boolean second = ctx.textParam("candidate").equals("v2");
                        Path file = second ? v2File : v1File;
                        double[] scores;
                        try (LoadedModel m = Models.load(file)) {
                            scores = positive(m.predict(testRows));
                        }
                        double acc = EvaluationMetric.ACCURACY.compute(scores, testLabels);
                        double auc = EvaluationMetric.AUC.compute(scores, testLabels);
                        try (Run run = ctx.registry().runs().start("breast-cancer-mlp", ctx.actor())) {
                            run.param("hidden", second ? "64-32" : "16-8").param("lr", second ? 3e-3 : 1e-2)
                                    .param("epochs", second ? 200 : 60)
                                    .input("breast-cancer", ctx.output("store-data", "dataset_version").intValue())
                                    .logMetric("test_accuracy", acc).logMetric("test_auc", auc);
                            return StepResult.ok(Map.of("file", file.toString(), "run", run.id(), "test_accuracy", acc,
                                    "test_auc", auc, "hidden", second ? "64-32" : "16-8"));
                        }
                    })
                    .step("register", ctx -> {
                        Path file = Path.of(ctx.output("train", "file").asText());
                        ModelVersion v = ctx.registry().register(MODEL).file(file).run(ctx.output("train", "run").asText())
                                .dataset("breast-cancer", ctx.output("store-data", "dataset_version").intValue())
                                .param("type", "mlp").param("hidden", ctx.output("train", "hidden").asText())
                                .param("train_rows", train.rowCount()).param("test_rows", test.rowCount())
                                .metric("test_accuracy", ctx.output("train", "test_accuracy").doubleValue())
                                .metric("test_auc", ctx.output("train", "test_auc").doubleValue()).by(ctx.actor()).commit();
                        ctx.registry().attach(MODEL, v.number(), "reference-profile.json",
                                profile(train, features, file).toJsonBytes());
                        return StepResult.ok(Map.of("version", v.number()));
                    })
                    .build();

            PipelineRun exp1 = pipelines.run(experiment, "alice", Map.of("candidate", "v1"));
            StepRecord check = exp1.step("data-check").orElseThrow();
            for (String line : check.logs()) {
                out.println("   " + line.substring(line.indexOf(' ') + 1));
            }
            out.printf(Locale.ROOT, "   data checks: %.1f%% passed (%d of %d)%n", check.outputs().get("percent_passed").doubleValue(),
                    check.outputs().get("passed_count").intValue(), check.outputs().get("total").intValue());
            int testVersion = exp1.step("store-data").orElseThrow().outputs().get("test_version").intValue();
            out.println("   data set breast-cancer:" + exp1.step("store-data").orElseThrow().outputs().get("dataset_version")
                    + " (569 rows), evaluation split breast-cancer-test:" + testVersion + " (" + test.rowCount() + " rows)");
            PipelineRun exp2 = pipelines.run(experiment, "alice", Map.of("candidate", "v2"));
            for (PipelineRun e : List.of(exp1, exp2)) {
                StepRecord t = e.step("train").orElseThrow();
                var info = registry.runs().get(t.outputs().get("run").asText());
                out.printf(Locale.ROOT, "   experiment run %s: params %s -> test accuracy %.4f, AUC %.4f%n", info.id(),
                        new java.util.TreeMap<>(info.params()), t.outputs().get("test_accuracy").doubleValue(), t.outputs().get("test_auc").doubleValue());
            }
            int v1 = exp1.step("register").orElseThrow().outputs().get("version").intValue();
            int v2 = exp2.step("register").orElseThrow().outputs().get("version").intValue();
            out.println("   registered " + MODEL + " v" + v1 + " and v" + v2 + " (lineage: run, data set, reference profile attached)");

            // ------------------------------------------------------------------ 4: v1 staged, approved, promoted
            section("4. v1: staging tests, approval (four eyes), promotion");
            try (Endpoint staging = Endpoint.builder("staging").variant("candidate", Models.load(v1File)).build()) {
                Pipeline stagingPipeline = Pipeline.builder("staging")
                        .step("endpoint-test", Gates.endpointTest(MODEL, staging, "candidate")
                                .data(TableSource.dataset("breast-cancer-test", "test_version")).minAccuracy(0.95).build())
                        .step("metric-gate", Gates.metric(MODEL, "production")
                                .data(TableSource.dataset("breast-cancer-test", "test_version"))
                                .metric(EvaluationMetric.AUC).maxDrop(0.005).build())
                        .step("mark-staged", Steps.markStaged(MODEL))
                        .build();
                Pipeline production = Pipeline.builder("production")
                        .step("approval", Gates.approval(MODEL, "promote to production"))
                        .step("promote", Steps.promote(MODEL, "production"))
                        .build();

                PipelineRun stage1 = pipelines.run(stagingPipeline, "alice", Map.of("version", v1, "test_version", testVersion));
                printStaging(stage1);
                PipelineRun prod1 = pipelines.run(production, "alice", Map.of("version", v1));
                String approval1 = prod1.step("approval").orElseThrow().outputs().get("approval").asText();
                out.println("   production run " + prod1.id() + ": " + prod1.status() + " (" + prod1.reason() + ")");
                try {
                    pipelines.approvals().approve(approval1, "alice", "I trust myself");
                } catch (dev.mlops.pipelines.ApprovalException e) {
                    out.println("   alice approves her own request: refused (" + e.reason() + ")");
                }
                pipelines.approvals().approve(approval1, "carol", "staging tests clean");
                PipelineRun promoted1 = pipelines.resume(production, prod1.id());
                out.println("   carol approved; run resumed: " + promoted1.status() + ", production -> v"
                        + registry.resolve(MODEL, "production").getAsInt());

                // ------------------------------------------------------------------ 5: v2 shadow then canary
                section("5. v2 arrives: staging, shadow, canary ramp");
                PipelineRun stage2 = pipelines.run(stagingPipeline, "dave", Map.of("version", v2, "test_version", testVersion));
                printStaging(stage2);
                StepRecord gate = stage2.step("metric-gate").orElseThrow();
                out.printf(Locale.ROOT, "   metric gate: AUC v%d %.4f vs champion v%d %.4f (delta %+.4f, max drop 0.005): %s%n",
                        v2, gate.outputs().get("candidate_value").doubleValue(), gate.outputs().get("champion_version").intValue(),
                        gate.outputs().get("champion_value").doubleValue(), gate.outputs().get("delta").doubleValue(),
                        gate.outputs().get("passed").booleanValue() ? "passed" : "failed");

                try (Endpoint prod = Endpoint.builder("prod")
                        .variant("production", Models.load(registry, MODEL, registry.resolve(MODEL, "production").getAsInt()))
                        .shadowExecutor(Runnable::run)  // mirrors run inline here so the figures are final when printed
                        .build();
                     AliasFollower follower = AliasFollower.builder(prod, "production", registry, MODEL, "production").start()) {
                    prod.putVariant("canary", Models.load(registry, MODEL, v2));
                    OutputComparator sameClass = (primary, shadow) -> {
                        double a = primary.first().getDouble(1);
                        double b = shadow.first().getDouble(1);
                        return new OutputComparator.Comparison((a >= 0.5) == (b >= 0.5), Math.abs(a - b), "");
                    };
                    prod.setPolicy(RoutingPolicy.shadow(RoutingPolicy.single("production"), 1.0, "canary")
                            .withComparator(sameClass));
                    for (float[] row : testRows) {
                        prod.predict(Inputs.of(Tensor.ofFloats(row, 1, 30)));
                    }
                    VariantStats shadow = prod.stats().variant("canary");
                    out.printf(Locale.ROOT, "   shadow: v2 mirrored %d requests, disagreed on the class %d times (%.1f%%)%n",
                            shadow.shadowRequests(), shadow.shadowDisagreements(),
                            100.0 * shadow.shadowDisagreements() / Math.max(1, shadow.shadowRequests()));

                    CanaryRamp ramp = prod.startCanaryRamp("production", "canary", RampSchedule.of(0.05, 0.25, 0.5, 1));
                    long before = prod.stats().variant("canary").requests();
                    for (int step = 0; step < 4; step++) {
                        double pct = 100 * ramp.share();
                        long c0 = prod.stats().variant("canary").requests();
                        long p0 = prod.stats().variant("production").requests();
                        int agree = 0;
                        for (int i = 0; i < 400; i++) {
                            float[] row = testRows[(i * 7 + step) % testRows.length];
                            Outputs o = prod.predict(Inputs.of(Tensor.ofFloats(row, 1, 30)));
                            agree += (o.first().getDouble(1) >= 0.5) == (testLabels[(i * 7 + step) % testRows.length] == 1.0) ? 1 : 0;
                        }
                        out.printf(Locale.ROOT, "   canary %5.1f%%: v1 answered %3d, v2 answered %3d of 400; accuracy vs labels %.3f%n",
                                pct, prod.stats().variant("production").requests() - p0,
                                prod.stats().variant("canary").requests() - c0, agree / 400.0);
                        if (step < 3) {
                            ramp.advance();
                        }
                    }
                    out.println("   ramp " + ramp.status() + "; v2 answered " + (prod.stats().variant("canary").requests() - before)
                            + " requests during the ramp");

                    PipelineRun prod2 = pipelines.run(production, "dave", Map.of("version", v2));
                    String approval2 = prod2.step("approval").orElseThrow().outputs().get("approval").asText();
                    pipelines.approvals().approve(approval2, "bob", "canary clean");
                    pipelines.resume(production, prod2.id());
                    prod.setPolicy(RoutingPolicy.single("production"));
                    awaitServing(prod, MODEL + ":" + v2);
                    out.println("   bob approved; production -> v" + registry.resolve(MODEL, "production").getAsInt()
                            + "; the prod endpoint followed the alias: its 'production' variant serves v" + follower.currentVersion());
                    PipelineRun reuse = pipelines.run(production, "erin", Map.of("version", v1, "approval", approval2));
                    out.println("   reusing bob's approval for v1: " + reuse.status() + " (" + reuse.reason() + ")");

                    // ------------------------------------------------------------------ 6: drift, rollback
                    section("6. Monitoring production: drift alert, automatic rollback");
                    ReferenceProfile profile;
                    try (InputStream in = registry.openAttachment(MODEL, v2, "reference-profile.json").orElseThrow()) {
                        profile = ReferenceProfile.fromJson(in.readAllBytes());
                    }
                    Pipeline retrain = Pipeline.builder("retrain")
                            .step("retrain", ctx -> StepResult.ok("note", "retraining requested: " + ctx.textParam("trigger_reason")))
                            .build();
                    AtomicReference<DriftResult> alert = new AtomicReference<>();
                    try (ContinuousTraining ct = ContinuousTraining.builder(pipelines, retrain).executor(Runnable::run)
                            .minInterval(Duration.ofHours(6)).rollbackOnAlert(MODEL, "production").build();
                         DriftMonitor monitor = DriftMonitor.builder(profile).countWindow(test.rowCount())
                                 .correction(PValueCorrection.BONFERRONI)
                                 .evaluateOnObservingThread()   // the demo reads each window's result at once; services keep the default (off the request thread)
                                 .listener(new DriftListener() {
                                     @Override
                                     public void onWindow(DriftResult r) {
                                         out.printf(Locale.ROOT, "   window %d: %d rows, %s%n", r.window(), r.rows(),
                                                 r.drifted() ? "DRIFT in " + r.driftedFeatures() : "no drift");
                                     }

                                     @Override
                                     public void onAlert(DriftResult r) {
                                         alert.set(r);
                                     }
                                 })
                                 .listener(ct.driftListener()).build();
                         MonitoredEndpoint monitored = MonitoredEndpoint.builder(prod, monitor, features).build()) {
                        out.println("   drift monitor on v" + v2 + "'s reference profile (" + profile.features().size()
                                + " features incl. the prediction), windows of " + test.rowCount() + " rows");
                        for (float[] row : testRows) {
                            monitored.predict(Inputs.of(Tensor.ofFloats(row, 1, 30)));
                        }
                        out.println("   now a shifted stream: tumour sizes 60 % larger (" + String.join(", ", SIZE_FEATURES) + ")");
                        for (float[] row : testRows) {
                            float[] shifted = row.clone();
                            for (String f : SIZE_FEATURES) {
                                int j = features.indexOf(f);
                                shifted[j] *= 1.6f;
                            }
                            monitored.predict(Inputs.of(Tensor.ofFloats(shifted, 1, 30)));
                        }
                        for (TrainingTrigger t : ct.history()) {
                            out.println("   continuous training: " + t.outcome() + ", rollback " + t.rollback() + ", retraining run "
                                    + t.runId() + " " + t.runStatus());
                        }
                        awaitServing(prod, MODEL + ":" + v1);
                        out.println("   production -> v" + registry.resolve(MODEL, "production").getAsInt()
                                + "; the endpoint serves v" + follower.currentVersion() + " again");
                    }

                    // ------------------------------------------------------------------ 7-8: history, report
                    section("7. Alias history of 'production'");
                    for (AliasMove m : registry.aliasHistory(MODEL, "production").moves()) {
                        out.printf("   #%d %s %-8s %s -> %s by %s: %s%n", m.sequence(), m.at(), m.kind(),
                                m.from().isPresent() ? "v" + m.from().getAsInt() : "-", m.to().isPresent() ? "v" + m.to().getAsInt() : "-",
                                m.actor(), m.reason());
                    }
                    out.println("   history intact (hash chain verified): " + registry.aliasHistory(MODEL, "production").isIntact());

                    section("8. Drift report");
                    Path report = work.resolve("drift-report.json");
                    DriftResult r = alert.get();
                    Files.writeString(report, r == null ? "{}" : r.toJson());
                    out.println("   drift report written: " + report + (r == null ? " (no alert)" : " (window " + r.window()
                            + ", drifted " + r.driftedFeatures().size() + " features)"));
                    if (r != null) {   // the same result as a self-contained page: histograms, statistics, data checks
                        // the data checks run on the window that drifted (the shifted rows), not on the training data
                        CheckReport windowChecks = CheckSuite.builder().columnPresent("target")
                                .allowedValues("target", Set.of("0", "1")).type("mean area", ColumnType.NUMBER)
                                .range("mean radius", 5, 30).maxMissingShare("worst area", 0.0).build()
                                .run(shiftedWindow(test, features));
                        out.printf(Locale.ROOT, "   data checks on the drifted window: %d of %d passed (%.1f%%)%n",
                                windowChecks.passedCount(), windowChecks.total(), windowChecks.percentPassed());
                        Path html = work.resolve("drift-report.html");
                        HtmlDriftReport.builder(profile, r).title("breast-cancer-mlp v" + v2 + ": production drift")
                                .checks(windowChecks).build().writeTo(html);
                        out.println("   HTML drift report written: " + html);
                        // stored beside the version, the result shows on its page in 'bin/mlops ui' (rendered in place)
                        registry.attach(MODEL, v2, "drift-report.json", r.toJson().getBytes(StandardCharsets.UTF_8));
                    }
                    out.printf(Locale.ROOT, "Done in %.1f s.%n", (System.nanoTime() - started) / 1e9);
                    return report;
                }
            }
        }
    }

    /** The alias follower loads a moved version in the background: wait (10 s at most) until the endpoint serves it. */
    private static void awaitServing(Endpoint endpoint, String modelName) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!endpoint.model("production").name().equals(modelName)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("endpoint still serves " + endpoint.model("production").name()
                        + " instead of " + modelName);
            }
            Thread.sleep(10);
        }
    }

    private void printStaging(PipelineRun run) {
        StepRecord t = run.step("endpoint-test").orElseThrow();
        out.printf(Locale.ROOT, "   staging run %s (v%d): %d requests, %d errors, %d format and %d range failures, accuracy %.4f -> %s%n",
                run.id(), run.params().get("version").intValue(), t.outputs().get("requests").intValue(),
                t.outputs().get("errors").intValue(), t.outputs().get("format_failures").intValue(),
                t.outputs().get("range_failures").intValue(), t.outputs().get("accuracy").doubleValue(),
                run.succeeded() ? "staged" : run.reason());
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }

    private static ReferenceProfile profile(Table train, List<String> features, Path model) {
        ReferenceProfile.Builder b = ReferenceProfile.builder();
        for (String f : features) {
            b.numeric(f, train.numbers(f));
        }
        try (LoadedModel m = Models.load(model)) {
            b.output("prediction", positive(m.predict(rows(train, features))));
        }
        return b.build();
    }

    /** The test rows as the monitor saw them in the drifted window: the size features 60 % larger, labels kept. */
    static Table shiftedWindow(Table test, List<String> features) {
        Map<String, String[]> cols = new java.util.LinkedHashMap<>();
        for (String c : test.columns()) {
            String[] v = test.text(c).clone();
            if (features.contains(c) && List.of(SIZE_FEATURES).contains(c)) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.toString(Float.parseFloat(v[i]) * 1.6f);
                }
            }
            cols.put(c, v);
        }
        return Table.of(cols);
    }

    private static double[] positive(Outputs o) {
        Tensor t = o.first();
        double[] p = new double[(int) t.dim(0)];
        for (int i = 0; i < p.length; i++) {
            p[i] = t.getDouble(2 * i + 1);
        }
        return p;
    }

    private static float[][] rows(Table t, List<String> features) {
        float[][] out = new float[t.rowCount()][features.size()];
        for (int j = 0; j < features.size(); j++) {
            double[] c = t.numbers(features.get(j));
            for (int i = 0; i < c.length; i++) {
                out[i][j] = (float) c[i];
            }
        }
        return out;
    }

    private Path subset(List<String> lines, com.fasterxml.jackson.databind.JsonNode rows, String name) throws IOException {
        List<String> out = new ArrayList<>();
        out.add(lines.get(0));
        for (com.fasterxml.jackson.databind.JsonNode r : rows) {
            out.add(lines.get(r.intValue() + 1));
        }
        return Files.write(work.resolve(name), out, StandardCharsets.UTF_8);
    }

    private Path copy(String resource) throws IOException {
        Files.createDirectories(work);
        Path out = work.resolve(resource);
        try (InputStream in = ModelLifecycleExample.class.getResourceAsStream("fixtures/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource + " in the examples module");
            }
            Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }
}
