package dev.mlops.pipelines;

import dev.mlops.monitoring.QualityMonitor;
import dev.mlops.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ContinuousTrainingTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"), Duration.ofMillis(1));
    private final Registry registry = Registry.inMemory();
    private final Pipelines pipelines = Pipelines.builder(registry).clock(clock).build();
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        registry.close();
    }

    @Test
    void atMostOneRunIsInFlightAndOutcomesAreRecorded() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Pipeline retrain = Pipeline.builder("retrain").step("train", ctx -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            return StepResult.ok("reason", ctx.textParam("trigger_reason"));
        }).build();
        List<TrainingTrigger> notified = new CopyOnWriteArrayList<>();
        ContinuousTraining ct = ContinuousTraining.builder(pipelines, retrain).executor(pool).minInterval(Duration.ZERO)
                .listener(notified::add).build();

        TrainingTrigger first = ct.trigger("manual", "first alert");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        TrainingTrigger second = ct.trigger("manual", "second alert");
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !ct.inFlight() && notified.size() == 2);

        assertThat(first.outcome()).isEqualTo(TrainingTrigger.Outcome.STARTED);
        assertThat(second.outcome()).isEqualTo(TrainingTrigger.Outcome.SKIPPED_IN_FLIGHT);
        await().atMost(Duration.ofSeconds(10)).until(() -> ct.history().get(0).runStatus() != null);
        List<TrainingTrigger> history = ct.history();
        assertThat(history).extracting(TrainingTrigger::reason).containsExactly("first alert", "second alert");
        assertThat(history.get(0).runStatus()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(pipelines.get(history.get(0).runId()).step("train").orElseThrow().outputs().get("reason").asText())
                .isEqualTo("first alert");
        assertThat(history.get(1).runId()).isNull();
    }

    @Test
    void alertsWithinTheMinimumIntervalAreSkippedAndAFailedRunIsRecorded() {
        Pipeline retrain = Pipeline.builder("retrain").step("train", ctx -> StepResult.failed("no new labels yet")).build();
        ContinuousTraining ct = ContinuousTraining.builder(pipelines, retrain).executor(Runnable::run)
                .minInterval(Duration.ofHours(1)).build();

        TrainingTrigger a = ct.trigger("drift", "a");
        clock.advance(Duration.ofMinutes(59));
        TrainingTrigger b = ct.trigger("drift", "b");
        clock.advance(Duration.ofMinutes(2));
        TrainingTrigger c = ct.trigger("drift", "c");

        assertThat(List.of(a.outcome(), b.outcome(), c.outcome())).containsExactly(TrainingTrigger.Outcome.STARTED,
                TrainingTrigger.Outcome.SKIPPED_TOO_SOON, TrainingTrigger.Outcome.STARTED);
        TrainingTrigger recorded = ct.history().get(0);
        assertThat(recorded.runStatus()).isEqualTo(RunStatus.FAILED);
        assertThat(recorded.runReason()).isEqualTo("step 'train' failed: no new labels yet");
    }

    @Test
    void aQualityAlertTriggersAndRollsBackAndAThrowingListenerIsCounted() {
        registry.register("m").bytes(new byte[]{1}).format("bin").commit();
        registry.register("m").bytes(new byte[]{2}).format("bin").commit();
        registry.setAlias("m", "production", 1, "alice", "first");
        registry.setAlias("m", "production", 2, "alice", "second");
        Pipeline retrain = Pipeline.builder("retrain").step("train", ctx -> StepResult.ok()).build();
        ContinuousTraining ct = ContinuousTraining.builder(pipelines, retrain).executor(Runnable::run)
                .rollbackOnAlert("m", "production").listener(t -> {
                    throw new IllegalStateException("pager down");
                }).build();
        QualityMonitor quality = QualityMonitor.binaryClassification().windowSize(4).alertBelow("accuracy", 0.9)
                .listener(ct.qualityListener()).build();

        for (int i = 0; i < 4; i++) {   // predictions all wrong: accuracy 0
            quality.recordPrediction("r" + i, 0.9);
            quality.recordLabel("r" + i, 0);
        }

        TrainingTrigger t = ct.history().get(0);
        assertThat(t.source()).isEqualTo("quality");
        assertThat(t.reason()).contains("accuracy");
        assertThat(t.rollback()).isEqualTo("production: 2 -> 1");
        assertThat(registry.resolve("m", "production")).hasValue(1);
        assertThat(ct.listenerFailures()).isEqualTo(1);
    }
}
