package dev.mlops.pipelines;

import dev.mlops.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelinesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
    private final Registry registry = Registry.inMemory();
    private final Pipelines pipelines = Pipelines.builder(registry).clock(clock).build();

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aSuccessfulRunRecordsEachStepsOutputsInputsLogsAndTimes() {
        Pipeline p = Pipeline.builder("train")
                .step("prepare", ctx -> {
                    ctx.log("preparing " + ctx.textParam("data"));
                    clock.advance(Duration.ofSeconds(3));
                    return StepResult.ok(Map.of("rows", 569, "columns", List.of("a", "b")));
                })
                .step("fit", ctx -> {
                    int rows = ctx.output("prepare", "rows").intValue();
                    clock.advance(Duration.ofSeconds(5));
                    return StepResult.ok("auc", rows > 500 ? 0.99 : 0.5);
                })
                .build();

        PipelineRun run = pipelines.run(p, "alice", Map.of("data", "bc:1"));

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.id()).startsWith("train/20261124-090000-");
        assertThat(run.reason()).isNull();
        StepRecord prepare = run.step("prepare").orElseThrow();
        assertThat(prepare.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(prepare.inputs().get("param.data").asText()).isEqualTo("bc:1");
        assertThat(prepare.outputs().get("rows").intValue()).isEqualTo(569);
        assertThat(prepare.outputs().get("columns").get(1).asText()).isEqualTo("b");
        assertThat(prepare.logs()).containsExactly("2026-11-24T09:00:00Z preparing bc:1");
        assertThat(prepare.duration()).contains(Duration.ofSeconds(3));
        StepRecord fit = run.step("fit").orElseThrow();
        assertThat(fit.inputs().get("prepare.rows").intValue()).isEqualTo(569);
        assertThat(fit.outputs().get("auc").doubleValue()).isEqualTo(0.99);
        assertThat(fit.duration()).contains(Duration.ofSeconds(5));
        assertThat(run.endedAt()).isEqualTo(Instant.parse("2026-11-24T09:00:08Z"));

        // the registry holds the same record, and it round-trips through JSON
        assertThat(pipelines.get(run.id())).isEqualTo(run);
        assertThat(PipelineRun.fromJson(run.toJson())).isEqualTo(run);
        assertThat(pipelines.runs("train")).extracting(PipelineRun::id).containsExactly(run.id());
        assertThat(pipelines.runs("tra")).isEmpty();
        assertThat(pipelines.runs()).extracting(PipelineRun::id).containsExactly(run.id());
    }

    @Test
    void aFailingStepStopsTheRunWithItsReasonAndLaterStepsNeverRun() {
        AtomicInteger laterCalls = new AtomicInteger();
        Pipeline p = Pipeline.builder("deploy")
                .step("check", ctx -> StepResult.ok())
                .step("boom", ctx -> {
                    throw new IllegalStateException("disk full");
                })
                .step("later", ctx -> {
                    laterCalls.incrementAndGet();
                    return StepResult.ok();
                })
                .build();

        PipelineRun run = pipelines.run(p, "ci", Map.of());

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.reason()).isEqualTo("step 'boom' failed: IllegalStateException: disk full");
        assertThat(run.stoppedAt().orElseThrow().name()).isEqualTo("boom");
        assertThat(run.step("later").orElseThrow().status()).isEqualTo(StepStatus.PENDING);
        assertThat(laterCalls).hasValue(0);
        assertThat(pipelines.get(run.id()).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void outputsThatAreNotJsonFailTheStep() {
        Pipeline p = Pipeline.builder("bad").step("thread", ctx -> StepResult.ok("t", new Object())).build();

        PipelineRun run = pipelines.run(p, "ci", Map.of());

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.reason()).contains("not JSON-serialisable");
    }

    @Test
    void aWaitingRunResumesFromItsRecordInAnotherPipelinesObjectAndSkipsSucceededSteps() {
        AtomicInteger firstCalls = new AtomicInteger();
        List<Boolean> gateOpen = new ArrayList<>(List.of(false));
        Pipeline p = Pipeline.builder("gated")
                .step("first", ctx -> {
                    firstCalls.incrementAndGet();
                    return StepResult.ok("value", 42);
                })
                .step("gate", ctx -> {
                    int seen = ctx.previousOutputs().map(o -> o.get("attempt").intValue()).orElse(0);
                    return gateOpen.get(0) ? StepResult.ok("attempts", seen + 1)
                            : StepResult.waiting("gate closed", Map.of("attempt", seen + 1));
                })
                .step("last", ctx -> StepResult.ok("got", ctx.output("first", "value").intValue()))
                .build();

        PipelineRun waiting = pipelines.run(p, "alice", Map.of());
        assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
        assertThat(waiting.reason()).isEqualTo("step 'gate' waits: gate closed");

        Pipelines elsewhere = Pipelines.builder(registry).clock(clock).build();   // "another process"
        assertThat(elsewhere.resume(p, waiting.id()).status()).isEqualTo(RunStatus.WAITING);
        gateOpen.set(0, true);
        PipelineRun done = elsewhere.resume(p, waiting.id());

        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(firstCalls).hasValue(1);
        assertThat(done.step("gate").orElseThrow().attempts()).isEqualTo(3);
        assertThat(done.step("gate").orElseThrow().outputs().get("attempts").intValue()).isEqualTo(3);
        assertThat(done.step("last").orElseThrow().outputs().get("got").intValue()).isEqualTo(42);
        assertThat(elsewhere.resume(p, waiting.id())).isEqualTo(done);   // a succeeded run is returned as is
    }

    @Test
    void resumingWithAnotherDefinitionOrARunningRunIsRefused() {
        Pipeline p = Pipeline.builder("p").step("a", ctx -> StepResult.waiting("later", Map.of())).build();
        Pipeline changed = Pipeline.builder("p").step("a", ctx -> StepResult.ok()).step("b", ctx -> StepResult.ok()).build();
        Pipeline other = Pipeline.builder("q").step("a", ctx -> StepResult.ok()).build();
        PipelineRun run = pipelines.run(p, "alice", Map.of());

        assertThatThrownBy(() -> pipelines.resume(changed, run.id())).isInstanceOf(RunConflictException.class)
                .hasMessageContaining("recorded with steps [a]");
        assertThatThrownBy(() -> pipelines.resume(other, run.id())).isInstanceOf(RunConflictException.class)
                .hasMessageContaining("belongs to pipeline 'p'");
    }

    @Test
    void aRunWhoseProcessDiedIsAbandonedThenResumed() {
        AtomicInteger calls = new AtomicInteger();
        Pipeline p = Pipeline.builder("crash").step("a", ctx -> {
            if (calls.incrementAndGet() == 1) {
                // simulate the process dying mid-step: another driver cannot take over while the record says RUNNING
                assertThatThrownBy(() -> pipelines.resume(Pipeline.builder("crash").step("a", c -> StepResult.ok()).build(),
                        ctx.runId())).isInstanceOf(RunConflictException.class).hasMessageContaining("is running (step a)");
            }
            return StepResult.ok("calls", calls.get());
        }).build();
        PipelineRun run = pipelines.run(p, "alice", Map.of());
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(pipelines.abandon(run.id(), "x")).isEqualTo(run); // not running: unchanged
    }

    @Test
    void aDriverWhoseRunRecordChangedUnderItStopsWithAConflictAndTheRecordKeepsTheOtherWrite() {
        Pipelines otherProcess = Pipelines.builder(registry).clock(clock).build();
        Pipeline p = Pipeline.builder("conflict")
                .step("a", ctx -> {
                    otherProcess.abandon(ctx.runId(), "operator thought the process was dead");
                    return StepResult.ok();
                })
                .step("b", ctx -> StepResult.ok())
                .build();

        assertThatThrownBy(() -> pipelines.run(p, "alice", Map.of())).isInstanceOf(RunConflictException.class)
                .hasMessageContaining("was changed by another process");

        PipelineRun recorded = pipelines.runs("conflict").get(0);
        assertThat(recorded.status()).isEqualTo(RunStatus.FAILED);
        assertThat(recorded.reason()).isEqualTo("abandoned: operator thought the process was dead");
        assertThat(recorded.step("b").orElseThrow().status()).isEqualTo(StepStatus.PENDING);
        // after an abandon, the run can be resumed (the failed step runs again)
        Pipeline plain = Pipeline.builder("conflict").step("a", ctx -> StepResult.ok()).step("b", ctx -> StepResult.ok()).build();
        PipelineRun resumed = pipelines.resume(plain, recorded.id());
        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(resumed.step("a").orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void aParameterThatIsMissingFailsTheStepWithItsName() {
        Pipeline p = Pipeline.builder("params").step("a", ctx -> StepResult.ok("v", ctx.intParam("version"))).build();

        PipelineRun run = pipelines.run(p, "alice", Map.of());

        assertThat(run.reason()).contains("needs run parameter 'version'");
        assertThat(pipelines.run(p, "ci", Map.of("version", "7")).step("a").orElseThrow().outputs().get("v").intValue())
                .isEqualTo(7);
        assertThat(pipelines.run(p, "ci", Map.of("version", 2.5)).reason()).contains("must be an integer, found 2.5");
    }

    @Test
    void builderRejectsDuplicateStepsAndEmptyPipelines() {
        assertThatThrownBy(() -> Pipeline.builder("x").step("a", c -> StepResult.ok()).step("a", c -> StepResult.ok()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has a step named 'a'");
        assertThatThrownBy(() -> Pipeline.builder("x").build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Pipeline.builder("a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
