package dev.mlops.pipelines;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.Table;
import dev.mlops.monitoring.checks.CheckSuite;
import dev.mlops.monitoring.checks.ColumnType;
import dev.mlops.monitoring.stats.PValueCorrection;
import dev.mlops.pipelines.internal.Scoring;
import dev.mlops.registry.AliasMove;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.registry.experiment.Run;
import dev.mlops.serving.endpoint.AliasFollower;
import dev.mlops.serving.endpoint.CanaryRamp;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.routing.RampSchedule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Issue 11 item 7: the three pipelines on the breast-cancer fixtures, v1 then v2, both real MLPs. */
class BreastCancerFlowTest {
    static final String MODEL = "bc";

    @TempDir
    Path tmp;
    BreastCancerFixture data;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"), Duration.ofMillis(10));

    @BeforeEach
    void setUp() throws Exception {
        data = new BreastCancerFixture(java.nio.file.Files.createDirectories(tmp.resolve("data")));
    }

    Registry openRegistry() {
        return Registry.builder().uri("file:" + tmp.resolve("registry")).clock(clock).build();
    }

    Pipelines pipelines(Registry registry) {
        return Pipelines.builder(registry).clock(clock).approvers(Set.of("bob", "carol"))
                .approvalExpiry(Duration.ofHours(48)).build();
    }

    static CheckSuite checks(BreastCancerFixture data) {
        CheckSuite.Builder b = CheckSuite.builder().rowCount(500, 1000).columnPresent("target")
                .allowedValues("target", Set.of("0", "1")).maxMissingShare("mean radius", 0.0)
                .range("mean radius", 5, 30).type("mean area", ColumnType.NUMBER);
        return b.build();
    }

    /** Experiment: data test → store the data set → train (pick the fixture) → register with metadata and profile. */
    Pipeline experiment(BreastCancerFixture data) {
        return Pipeline.builder("experiment")
                .step("data-check", Gates.dataCheck(checks(data), TableSource.file(data.csv)))
                .step("store-data", ctx -> {
                    int all = ctx.registry().datasets().add("breast-cancer", data.csv).number();
                    int test = ctx.registry().datasets().add("breast-cancer-test", data.testCsv).number();
                    return StepResult.ok(Map.of("dataset_version", all, "test_version", test));
                })
                .step("train", ctx -> {
                    String which = ctx.textParam("candidate");            // the MLPs were trained offline: pick one
                    Path file = which.equals("v1") ? data.v1 : data.v2;
                    Table test = Table.readCsv(data.testCsv);
                    double[] scores;
                    try (LoadedModel m = Models.load(file)) {
                        scores = Scoring.score(m, Scoring.rows(test, data.features), null);
                    }
                    double acc = EvaluationMetric.ACCURACY.compute(scores, test.numbers("target"));
                    double auc = EvaluationMetric.AUC.compute(scores, test.numbers("target"));
                    try (Run run = ctx.registry().runs().start("bc-mlp", ctx.actor())) {
                        run.param("hidden", which.equals("v1") ? "16-8" : "64-32").param("lr", which.equals("v1") ? 1e-2 : 3e-3)
                                .param("epochs", which.equals("v1") ? 60 : 200)
                                .input("breast-cancer", ctx.output("store-data", "dataset_version").intValue())
                                .logMetric("test_accuracy", acc).logMetric("test_auc", auc);
                        return StepResult.ok(Map.of("file", file.toString(), "run", run.id(), "test_accuracy", acc,
                                "test_auc", auc));
                    }
                })
                .step("register", ctx -> {
                    ModelVersion v = ctx.registry().register(MODEL).file(Path.of(ctx.output("train", "file").asText()))
                            .run(ctx.output("train", "run").asText())
                            .dataset("breast-cancer", ctx.output("store-data", "dataset_version").intValue())
                            .param("train_rows", 400).param("test_rows", 169).param("type", "mlp")
                            .metric("test_accuracy", ctx.output("train", "test_accuracy").doubleValue())
                            .metric("test_auc", ctx.output("train", "test_auc").doubleValue()).by(ctx.actor()).commit();
                    ReferenceProfile profile = data.profile(Path.of(ctx.output("train", "file").asText()));
                    ctx.registry().attach(MODEL, v.number(), "reference-profile.json", profile.toJsonBytes());
                    return StepResult.ok(Map.of("version", v.number()));
                })
                .build();
    }

    /** Staging: deploy to the staging endpoint and test it → metric gate against production → mark staged. */
    static Pipeline staging(Endpoint stagingEndpoint) {
        return Pipeline.builder("staging")
                .step("endpoint-test", Gates.endpointTest(MODEL, stagingEndpoint, "candidate")
                        .data(TableSource.dataset("breast-cancer-test", "test_version")).minAccuracy(0.95).build())
                .step("metric-gate", Gates.metric(MODEL, "production").data(TableSource.dataset("breast-cancer-test", "test_version"))
                        .metric(EvaluationMetric.AUC).maxDrop(0.005).build())
                .step("mark-staged", Steps.markStaged(MODEL))
                .build();
    }

    /** Production: approval (four-eyes) with the staging reports as evidence → promote (alias moves last). */
    static Pipeline production() {
        return Pipeline.builder("production")
                .step("evidence", ctx -> {
                    PipelineRun staged = ctx.pipelines().get(ctx.textParam("staging_run"));
                    if (!staged.succeeded() || staged.params().get("version").intValue() != ctx.intParam("version")) {
                        return StepResult.failed("staging run " + staged.id() + " did not pass this version");
                    }
                    return StepResult.ok(Map.of("endpoint_test", staged.step("endpoint-test").orElseThrow().outputs(),
                            "metric_gate", staged.step("metric-gate").orElseThrow().outputs()));
                })
                .step("approval", Gates.approval(MODEL, "promote to production", "evidence"))
                .step("promote", Steps.promote(MODEL, "production"))
                .build();
    }

    static Endpoint stagingEndpoint(BreastCancerFixture data) {
        return Endpoint.builder("staging").variant("candidate", Models.load(data.v1)).build();
    }

    @Test
    void theThreePipelinesTakeV1ThenV2ToProductionAndADriftAlertRollsBack() throws Exception {
        Registry registry = openRegistry();
        Pipelines pipelines = pipelines(registry);
        Endpoint staging = stagingEndpoint(data);

        // ---- experiment v1: data check report, data set stored, run logged, version registered
        PipelineRun exp1 = pipelines.run(experiment(data), "alice", Map.of("candidate", "v1"));
        assertThat(exp1.status()).as(exp1.toText()).isEqualTo(RunStatus.SUCCEEDED);
        StepRecord check = exp1.step("data-check").orElseThrow();
        assertThat(check.outputs().get("percent_passed").doubleValue()).isEqualTo(100.0);
        assertThat(check.outputs().get("total").intValue()).isEqualTo(6);
        assertThat(check.outputs().at("/report/rows").intValue()).isEqualTo(569);
        int v1 = exp1.step("register").orElseThrow().outputs().get("version").intValue();
        assertThat(v1).isEqualTo(1);
        // the split file's test accuracy (0.9763313609467456 = 165/169), reproduced by scoring the test rows
        double expectedAccuracy = data.split.at("/metrics/v1/test_accuracy").doubleValue();
        assertThat(registry.version(MODEL, v1).metrics().get("test_accuracy")).isCloseTo(expectedAccuracy, within(1e-9));
        assertThat(registry.version(MODEL, v1).lineage().runId()).isPresent();
        int testVersion = exp1.step("store-data").orElseThrow().outputs().get("test_version").intValue();

        // ---- staging v1: endpoint tests pass, no champion yet
        PipelineRun stage1 = pipelines.run(staging(staging), "alice", Map.of("version", v1, "test_version", testVersion));
        assertThat(stage1.status()).as(stage1.toText()).isEqualTo(RunStatus.SUCCEEDED);
        StepRecord endpointTest = stage1.step("endpoint-test").orElseThrow();
        assertThat(endpointTest.outputs().get("requests").intValue()).isEqualTo(169);
        assertThat(endpointTest.outputs().get("format_failures").intValue()).isZero();
        assertThat(endpointTest.outputs().get("range_failures").intValue()).isZero();
        assertThat(endpointTest.outputs().get("accuracy").doubleValue()).isCloseTo(expectedAccuracy, within(1e-9));
        assertThat(stage1.step("metric-gate").orElseThrow().outputs().get("champion_version").isNull()).isTrue();
        assertThat(registry.version(MODEL, v1).tags()).containsEntry("stage", "staged");

        // ---- production v1: alice asks, bob rejects → the run fails with the rejection, nothing moved
        PipelineRun prod1 = pipelines.run(production(), "alice", Map.of("version", v1, "staging_run", stage1.id()));
        assertThat(prod1.status()).isEqualTo(RunStatus.WAITING);
        String rejectedId = prod1.step("approval").orElseThrow().outputs().get("approval").asText();
        Approval asked = pipelines.approvals().get(rejectedId);
        assertThat(asked.evidence().at("/evidence/endpoint_test/requests").intValue()).isEqualTo(169);
        pipelines.approvals().reject(rejectedId, "bob", "wait for the fairness review");
        PipelineRun rejected = pipelines.resume(production(), prod1.id());
        assertThat(rejected.status()).isEqualTo(RunStatus.FAILED);
        assertThat(rejected.reason()).isEqualTo("step 'approval' failed: approval " + rejectedId
                + " rejected by bob: wait for the fairness review");
        assertThat(registry.resolve(MODEL, "production")).isEmpty();

        // ---- production v1 again; the process restarts while the approval waits
        PipelineRun prod1b = pipelines.run(production(), "alice", Map.of("version", v1, "staging_run", stage1.id()));
        String approvalId = prod1b.step("approval").orElseThrow().outputs().get("approval").asText();
        registry.close();
        staging.close();

        registry = openRegistry();                       // new process: new registry and pipeline objects, same files
        pipelines = pipelines(registry);
        staging = stagingEndpoint(data);
        assertThat(pipelines.get(prod1b.id()).status()).isEqualTo(RunStatus.WAITING);
        assertThat(pipelines.approvals().pending()).extracting(Approval::id).containsExactly(approvalId);
        pipelines.approvals().approve(approvalId, "carol", "ok");
        PipelineRun promoted1 = pipelines.resume(production(), prod1b.id());
        assertThat(promoted1.status()).as(promoted1.toText()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(registry.resolve(MODEL, "production")).hasValue(v1);
        AliasMove move1 = registry.aliasHistory(MODEL, "production").latest().orElseThrow();
        assertThat(move1.actor()).isEqualTo("alice");
        assertThat(move1.reason()).isEqualTo("pipeline production run " + prod1b.id() + ": promote v1 to production");
        assertThat(pipelines.approvals().get(approvalId).usedBy()).isEqualTo(prod1b.id());

        // ---- production serving follows the alias and feeds a drift monitor
        Endpoint prod = Endpoint.builder("prod").variant("production", Models.load(registry, MODEL, v1)).build();
        AliasFollower follower = AliasFollower.builder(prod, "production", registry, MODEL, "production").start();
        assertThat(follower.currentVersion()).isEqualTo(v1);

        // ---- v2 arrives: experiment, staging with the metric gate against v1
        PipelineRun exp2 = pipelines.run(experiment(data), "dave", Map.of("candidate", "v2"));
        int v2 = exp2.step("register").orElseThrow().outputs().get("version").intValue();
        assertThat(v2).isEqualTo(2);
        PipelineRun stage2 = pipelines.run(staging(staging), "dave", Map.of("version", v2, "test_version", testVersion));
        assertThat(stage2.status()).as(stage2.toText()).isEqualTo(RunStatus.SUCCEEDED);
        StepRecord gate = stage2.step("metric-gate").orElseThrow();
        assertThat(gate.outputs().get("champion_version").intValue()).isEqualTo(v1);
        assertThat(gate.outputs().get("candidate_value").doubleValue())
                .isCloseTo(registry.version(MODEL, v2).metrics().get("test_auc"), within(1e-12));
        assertThat(gate.outputs().get("champion_value").doubleValue())
                .isCloseTo(registry.version(MODEL, v1).metrics().get("test_auc"), within(1e-12));
        assertThat(gate.outputs().get("delta").doubleValue()).isGreaterThanOrEqualTo(-0.005);

        // ---- canary: v2 takes 5 %, then 25 %, of production traffic
        prod.putVariant("canary", Models.load(registry, MODEL, v2));
        CanaryRamp ramp = prod.startCanaryRamp("production", "canary", RampSchedule.of(0.05, 0.25, 1));
        float[][] testRows = Scoring.rows(Table.readCsv(data.testCsv), data.features);
        for (int i = 0; i < 400; i++) {
            prod.predict(Inputs.of(Tensor.ofFloats(testRows[i % testRows.length], 1, 30)));
        }
        ramp.advance();
        for (int i = 0; i < 400; i++) {
            prod.predict(Inputs.of(Tensor.ofFloats(testRows[i % testRows.length], 1, 30)));
        }
        long canaryRequests = prod.stats().variant("canary").requests();
        assertThat(canaryRequests).isBetween(40L, 200L);      // 5 % of 400 + 25 % of 400 = 120 expected
        assertThat(prod.stats().variant("production").requests()).isEqualTo(800 - canaryRequests);

        // ---- approval misuse on the way to promoting v2
        PipelineRun reuse = pipelines.run(production(), "dave",
                Map.of("version", v2, "staging_run", stage2.id(), "approval", approvalId));
        assertThat(reuse.status()).isEqualTo(RunStatus.FAILED);
        assertThat(reuse.reason()).contains("is for bc:1, not bc:2");
        PipelineRun prod2 = pipelines.run(production(), "dave", Map.of("version", v2, "staging_run", stage2.id()));
        String approval2 = prod2.step("approval").orElseThrow().outputs().get("approval").asText();
        try {
            pipelines.approvals().approve(approval2, "dave", "self-approval");
            throw new AssertionError("the requester approved his own request");
        } catch (ApprovalException e) {
            assertThat(e.reason()).isEqualTo(ApprovalException.Reason.SAME_ACTOR);
        }
        pipelines.approvals().approve(approval2, "bob", "canary clean");
        PipelineRun promoted2 = pipelines.resume(production(), prod2.id());
        assertThat(promoted2.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(registry.resolve(MODEL, "production")).hasValue(v2);
        await().atMost(Duration.ofSeconds(30)).until(() -> prod.model("production").name().equals("bc:2"));
        assertThat(follower.currentVersion()).isEqualTo(v2);      // the endpoint followed the alias
        prod.setPolicy(dev.mlops.serving.routing.RoutingPolicy.single("production"));
        PipelineRun reused = pipelines.run(production(), "erin",
                Map.of("version", v2, "staging_run", stage2.id(), "approval", approval2));
        assertThat(reused.reason()).contains("already used by run " + prod2.id());

        // ---- monitoring on: the drift monitor with v2's reference profile; an alert rolls production back
        ReferenceProfile profile;
        try (var in = registry.openAttachment(MODEL, v2, "reference-profile.json").orElseThrow()) {
            profile = ReferenceProfile.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Pipeline retrain = Pipeline.builder("retrain").step("note", ctx -> StepResult.ok("reason", ctx.textParam("trigger_reason"))).build();
        Pipelines ctPipelines = pipelines;
        ContinuousTraining ct = ContinuousTraining.builder(ctPipelines, retrain).executor(Runnable::run)
                .minInterval(Duration.ofHours(6)).rollbackOnAlert(MODEL, "production").build();
        DriftMonitor monitor = DriftMonitor.builder(profile).countWindow(150).correction(PValueCorrection.BONFERRONI)
                .evaluateOnObservingThread()                          // the alert is asserted right after the window closes
                .listener(ct.driftListener()).build();
        MonitoredEndpoint monitored = MonitoredEndpoint.builder(prod, monitor, data.features).build();

        for (int i = 0; i < 150; i++) {                                   // unshifted test traffic: no alert
            monitored.predict(Inputs.of(Tensor.ofFloats(testRows[i], 1, 30)));
        }
        assertThat(monitor.windowsClosed()).isEqualTo(1);
        assertThat(ct.history()).isEmpty();
        assertThat(registry.resolve(MODEL, "production")).hasValue(v2);

        float[][] shifted = BreastCancerFixture.scaled(testRows, 1.6);     // sizes 60 % larger
        for (int i = 0; i < 150; i++) {
            monitored.predict(Inputs.of(Tensor.ofFloats(shifted[i], 1, 30)));
        }
        assertThat(monitor.windowsClosed()).isEqualTo(2);
        List<TrainingTrigger> triggers = ct.history();
        assertThat(triggers).hasSize(1);
        TrainingTrigger t = triggers.get(0);
        assertThat(t.source()).isEqualTo("drift");
        assertThat(t.reason()).contains("mean radius");
        assertThat(t.outcome()).isEqualTo(TrainingTrigger.Outcome.STARTED);
        assertThat(t.rollback()).isEqualTo("production: 2 -> 1");
        assertThat(t.runStatus()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(pipelines.get(t.runId()).step("note").orElseThrow().outputs().get("reason").asText()).isEqualTo(t.reason());
        assertThat(registry.resolve(MODEL, "production")).hasValue(v1);
        await().atMost(Duration.ofSeconds(30)).until(() -> prod.model("production").name().equals("bc:1"));
        assertThat(follower.currentVersion()).isEqualTo(v1);               // serving followed the rollback
        AliasMove back = registry.aliasHistory(MODEL, "production").latest().orElseThrow();
        assertThat(back.kind()).isEqualTo(AliasMove.Kind.ROLLBACK);
        assertThat(back.reason()).startsWith("continuous training retrain/").contains("drift in");

        // a second alert within the minimum interval is debounced: recorded, no second rollback
        clock.advance(Duration.ofMinutes(10));
        for (int i = 0; i < 150; i++) {
            monitored.predict(Inputs.of(Tensor.ofFloats(shifted[(i + 19) % shifted.length], 1, 30)));
        }
        assertThat(ct.history()).extracting(TrainingTrigger::outcome)
                .containsExactly(TrainingTrigger.Outcome.STARTED, TrainingTrigger.Outcome.SKIPPED_TOO_SOON);
        assertThat(registry.resolve(MODEL, "production")).hasValue(v1);

        // the alias history tells the whole story, hash-chained
        assertThat(registry.aliasHistory(MODEL, "production").isIntact()).isTrue();
        assertThat(registry.aliasHistory(MODEL, "production").moves()).extracting(m -> m.to().getAsInt())
                .containsExactly(1, 2, 1);
        assertThat(pipelines.runs("production")).extracting(PipelineRun::status).containsExactly(
                RunStatus.FAILED, RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.SUCCEEDED, RunStatus.FAILED);
        assertThat(monitored.monitorFailures()).isZero();

        monitored.close();
        follower.close();
        prod.close();
        staging.close();
        ct.close();
        registry.close();
    }

    @Test
    void anApprovalThatExpiresWhileTheRunWaitsFailsTheRun() throws Exception {
        try (Registry registry = openRegistry(); Endpoint staging = stagingEndpoint(data)) {
            Pipelines pipelines = pipelines(registry);
            PipelineRun exp = pipelines.run(experiment(data), "alice", Map.of("candidate", "v1"));
            int testVersion = exp.step("store-data").orElseThrow().outputs().get("test_version").intValue();
            PipelineRun stage = pipelines.run(staging(staging), "alice", Map.of("version", 1, "test_version", testVersion));
            PipelineRun prod = pipelines.run(production(), "alice", Map.of("version", 1, "staging_run", stage.id()));
            String id = prod.step("approval").orElseThrow().outputs().get("approval").asText();

            clock.advance(Duration.ofHours(48));
            PipelineRun expired = pipelines.resume(production(), prod.id());

            assertThat(expired.status()).isEqualTo(RunStatus.FAILED);
            assertThat(expired.reason()).isEqualTo("step 'approval' failed: approval " + id + " expired at "
                    + pipelines.approvals().get(id).expiresAt());
            assertThat(pipelines.approvals().get(id).expiresAt()).isBetween(Instant.parse("2026-11-26T09:00:00Z"),
                    Instant.parse("2026-11-26T09:01:00Z"));
            assertThat(registry.resolve(MODEL, "production")).isEmpty();
        }
    }

    @Test
    void aDataCheckBelowTheMinimumStopsTheExperimentWithThePercentage() throws Exception {
        try (Registry registry = openRegistry()) {
            CheckSuite strict = CheckSuite.builder().range("mean radius", 5, 20).range("mean area", 100, 3000)
                    .columnPresent("target").columnPresent("patient_id").build();
            Pipeline p = Pipeline.builder("experiment").step("data-check", Gates.dataCheck(strict, TableSource.file(data.csv), 75))
                    .step("never", ctx -> StepResult.ok()).build();

            PipelineRun run = pipelines(registry).run(p, "alice", Map.of());

            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.reason()).isEqualTo("step 'data-check' failed: 2 of 4 data checks passed (50.0%), below the required 75.0%");
            assertThat(run.step("data-check").orElseThrow().outputs().get("percent_passed").doubleValue()).isEqualTo(50.0);
            assertThat(run.step("never").orElseThrow().status()).isEqualTo(StepStatus.PENDING);
        }
    }

    @Test
    void aMetricGateFailsACandidateWorseThanTheChampion() throws Exception {
        try (Registry registry = openRegistry()) {
            Pipelines pipelines = pipelines(registry);
            int good = registry.register(MODEL).file(data.v2).commit().number();
            registry.setAlias(MODEL, "production", good, "alice", "first");
            // a "candidate" that is v2 fed by a data set whose labels are flipped cannot be judged fairly; instead
            // require an impossible improvement: max drop 0 and a minimum above any real AUC
            Pipeline p = Pipeline.builder("gate").step("metric", Gates.metric(MODEL, "production")
                    .data(TableSource.file(data.testCsv)).metric(EvaluationMetric.LOG_LOSS).minimum(1e-6).build()).build();

            PipelineRun run = pipelines.run(p, "alice", Map.of("version", good));

            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.reason()).contains("does not meet the minimum");
            assertThat(registry.resolve(MODEL, "production")).hasValue(good);
        }
    }
}
