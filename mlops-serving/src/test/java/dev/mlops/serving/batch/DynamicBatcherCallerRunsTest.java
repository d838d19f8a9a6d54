package dev.mlops.serving.batch;

import dev.mlops.serving.endpoint.EndpointShadowTest;
import dev.mlops.serving.ElementType;
import dev.mlops.serving.EndpointTestModels;
import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.ModelClosedException;
import dev.mlops.serving.OnnxModelWriter;
import dev.mlops.serving.ServingException;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.endpoint.EndpointStats;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.ModelOptions;
import dev.mlops.serving.Models;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.TestModels;
import dev.mlops.serving.routing.RoutingPolicy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who runs a batch: a synchronous caller runs its own (and whatever queued with it), asynchronous requests run on the
 * batcher's threads; hand-off between callers, cancellation, asynchronous deadlines, overload and shutdown.
 */
class DynamicBatcherCallerRunsTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final Inputs ROW = Inputs.of(Tensor.ofFloats(new float[10], 1, 10));

    private static LoadedModel diabetes(String name) {
        return Models.load(TestModels.model("diabetes_linear"), ModelOptions.builder().name(name).build());
    }

    @Test
    void aLoneRequestRunsAtOnceOnTheCallersOwnThreadAndStartsNoThread() {
        DynamicBatcherTest.Gate gate = new DynamicBatcherTest.Gate();
        try (DynamicBatcher batcher = DynamicBatcher.of(diabetes("lone"), BatchingOptions.builder().build(), gate)) {
            Outputs out = batcher.predict(ROW);
            assertThat(out.first().shape()).containsExactly(1, 1);
            assertThat(gate.threads).containsExactly(Thread.currentThread().getName());
            assertThat(gate.maxRows.get()).isEqualTo(1);
            assertThat(EndpointShadowTest.threads("mlops-batcher-lone")).isZero();
        }
    }

    @Test
    void callersThatArriveWhileABatchRunsFormTheNextBatchTogether() throws Exception {
        DynamicBatcherTest.Gate gate = new DynamicBatcherTest.Gate();
        gate.hold = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (DynamicBatcher batcher = DynamicBatcher.of(diabetes("together"), BatchingOptions.builder().build(), gate)) {
            Future<Outputs> first = pool.submit(() -> batcher.predict(ROW));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Outputs>> rest = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                rest.add(pool.submit(() -> batcher.predict(ROW)));
            }
            Awaitility.await().atMost(BOUND).until(() -> batcher.queued() == 5);
            gate.hold.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).first().size()).isEqualTo(1);
            for (Future<Outputs> f : rest) {
                assertThat(f.get(10, TimeUnit.SECONDS).first().size()).isEqualTo(1);
            }
            // one batch for the first caller, then one batch of the five that queued behind it
            assertThat(gate.batches.get()).isEqualTo(2);
            assertThat(gate.maxRows.get()).isEqualTo(5);
            assertThat(gate.threads).allMatch(t -> t.startsWith("pool-"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWaiterThatGivesUpDoesNotStrandTheRequestsBehindIt() throws Exception {
        DynamicBatcherTest.Gate gate = new DynamicBatcherTest.Gate();
        gate.hold = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (DynamicBatcher batcher = DynamicBatcher.of(diabetes("strand"),
                BatchingOptions.builder().maxBatchRows(1).build(), gate)) {
            Future<Outputs> leader = pool.submit(() -> batcher.predict(ROW));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
            AtomicReference<Thread> quitter = new AtomicReference<>();
            Future<Throwable> quits = pool.submit(() -> {
                quitter.set(Thread.currentThread());
                try {
                    batcher.predict(ROW);
                    return null;
                } catch (ServingException e) {
                    return e;
                }
            });
            Awaitility.await().atMost(BOUND).until(() -> batcher.queued() == 1);
            Future<Outputs> behind = pool.submit(() -> batcher.predict(ROW));
            Awaitility.await().atMost(BOUND).until(() -> batcher.queued() == 2);
            quitter.get().interrupt();
            assertThat(quits.get(10, TimeUnit.SECONDS)).hasMessage("interrupted while waiting for model 'strand'");
            gate.hold.countDown();
            assertThat(leader.get(10, TimeUnit.SECONDS).first().size()).isEqualTo(1);
            // the leader hands the next batch to the oldest caller still waiting, skipping the one that left
            assertThat(behind.get(10, TimeUnit.SECONDS).first().size()).isEqualTo(1);
            assertThat(gate.batches.get()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchWaitingToFillRunsAsSoonAsItIsFullNotAtItsMaxDelay() throws Exception {
        DynamicBatcherTest.Gate gate = new DynamicBatcherTest.Gate();
        BatchingOptions opts = BatchingOptions.builder().maxBatchRows(3).maxDelay(Duration.ofMinutes(5))
                .runLoneRequestsAtOnce(false).build();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (DynamicBatcher batcher = DynamicBatcher.of(diabetes("fill"), opts, gate)) {
            List<Future<Outputs>> fs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fs.add(pool.submit(() -> batcher.predict(ROW)));
            }
            for (Future<Outputs> f : fs) {
                assertThat(f.get(20, TimeUnit.SECONDS).first().size()).isEqualTo(1); // far sooner than 5 minutes
            }
            assertThat(gate.batches.get()).isEqualTo(1);
            assertThat(gate.maxRows.get()).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPreferredSizeEndsTheWaitForMoreRows() throws Exception {
        DynamicBatcherTest.Gate gate = new DynamicBatcherTest.Gate();
        BatchingOptions opts = BatchingOptions.builder().maxBatchRows(8).maxDelay(Duration.ofMinutes(5))
                .runLoneRequestsAtOnce(false).preferredBatchSizes(2).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (DynamicBatcher batcher = DynamicBatcher.of(diabetes("preferred"), opts, gate)) {
            Future<Outputs> a = pool.submit(() -> batcher.predict(ROW));
            Future<Outputs> b = pool.submit(() -> batcher.predict(ROW));
            assertThat(a.get(20, TimeUnit.SECONDS).first().size()).isEqualTo(1);
            assertThat(b.get(20, TimeUnit.SECONDS).first().size()).isEqualTo(1);
            assertThat(gate.maxRows.get()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void asyncResultsEqualUnbatchedResultsAndRunOnTheBatchersThreads() throws Exception {
        for (String fixture : new String[]{"breast_cancer_mlp_v1", "multi_io"}) {
            List<Inputs> requests = DynamicBatcherTest.rowsOf(fixture);
            DynamicBatcherTest.Gate gate = new DynamicBatcherTest.Gate();
            gate.hold = new CountDownLatch(1);
            LoadedModel model = Models.load(TestModels.model(fixture), ModelOptions.builder().name("async-" + fixture.replace('_', '-')).build());
            try (LoadedModel direct = TestModels.load(fixture);
                 DynamicBatcher batcher = DynamicBatcher.of(model, BatchingOptions.builder().maxBatchRows(4).build(), gate)) {
                List<CompletableFuture<Outputs>> futures = new ArrayList<>();
                futures.add(batcher.predictAsync(requests.get(0)));
                assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the first batch is held
                for (int i = 1; i < requests.size(); i++) {
                    futures.add(batcher.predictAsync(requests.get(i)));
                }
                gate.hold.countDown();
                for (int i = 0; i < requests.size(); i++) {
                    Outputs batched = futures.get(i).get(20, TimeUnit.SECONDS);
                    Outputs alone = direct.predict(requests.get(i));
                    for (String name : alone.names()) {
                        assertThat(batched.value(name)).as("%s %s row %d", fixture, name, i).isEqualTo(alone.value(name));
                    }
                }
                assertThat(gate.maxRows.get()).isEqualTo(Math.min(4, requests.size() - 1));
                assertThat(gate.threads).allMatch(t -> t.startsWith("mlops-batcher-" + model.name() + "-"));
            }
            Awaitility.await().atMost(BOUND).until(() -> EndpointShadowTest.threads("mlops-batcher-" + model.name()) == 0);
        }
    }

    @Test
    void anAsyncRequestFailsItsFutureAtTheDeadlineAndOverloadAndClosedAreReportedAtOnce() throws Exception {
        DynamicBatcherTest.Gate gate = new DynamicBatcherTest.Gate();
        gate.hold = new CountDownLatch(1);
        BatchingOptions opts = BatchingOptions.builder().maxBatchRows(1).queueCapacity(1)
                .requestTimeout(Duration.ofMillis(50)).build();
        DynamicBatcher batcher = DynamicBatcher.of(diabetes("deadline"), opts, gate);
        CompletableFuture<Outputs> held = batcher.predictAsync(ROW);
        assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Outputs> late = batcher.predictAsync(ROW);
        assertThatThrownBy(() -> batcher.predictAsync(ROW)).isInstanceOf(OverloadedException.class);
        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DeadlineExceededException.class)
                .hasMessage("model 'deadline' did not answer within PT0.05S (BatchingOptions.requestTimeout)");
        assertThatThrownBy(() -> batcher.predictAsync(Inputs.of(Tensor.ofFloats(new float[3], 1, 3))))
                .isInstanceOf(InvalidInputException.class);
        gate.hold.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS).first().size()).isEqualTo(1);
        batcher.close();
        assertThatThrownBy(() -> batcher.predictAsync(ROW)).isInstanceOf(ModelClosedException.class);
        Awaitility.await().atMost(BOUND).until(() -> EndpointShadowTest.threads("mlops-batcher-deadline") == 0);
    }

    @Test
    void closingRunsQueuedAsyncRequestsAndStopsTheBatchersThreads() throws Exception {
        DynamicBatcherTest.Gate gate = new DynamicBatcherTest.Gate();
        gate.hold = new CountDownLatch(1);
        LoadedModel model = diabetes("async-closing");
        DynamicBatcher batcher = DynamicBatcher.of(model, BatchingOptions.builder().maxBatchRows(2).build(), gate);
        List<CompletableFuture<Outputs>> futures = new ArrayList<>();
        futures.add(batcher.predictAsync(ROW));
        assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            futures.add(batcher.predictAsync(ROW));
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(batcher::close);
        Awaitility.await().atMost(BOUND).until(() -> batcher.toString().endsWith(", closed]"));
        assertThatThrownBy(() -> batcher.predictAsync(ROW)).isInstanceOf(ModelClosedException.class);
        gate.hold.countDown();
        closing.get(20, TimeUnit.SECONDS);
        for (CompletableFuture<Outputs> f : futures) {
            assertThat(f.get(10, TimeUnit.SECONDS).first().size()).isEqualTo(1);
        }
        assertThat(model.isReleased()).isTrue();
        Awaitility.await().atMost(BOUND).until(() -> EndpointShadowTest.threads("mlops-batcher-async-closing") == 0);
    }

    /** Identity model on [n, m]: every answer must be exactly the request, whoever ran its batch. */
    @ParameterizedTest(name = "{0} concurrent batches")
    @ValueSource(ints = {1, 2, 4})
    void underConcurrentSyncAndAsyncLoadEveryCallerGetsExactlyItsOwnRows(int concurrentBatches) throws Exception {
        DynamicBatcherTest.Gate gate = new DynamicBatcherTest.Gate();
        BatchingOptions opts = BatchingOptions.builder().maxBatchRows(8).queueCapacity(10_000)
                .maxConcurrentBatches(concurrentBatches).build();
        LoadedModel model = Models.load(OnnxModelWriter.identity(ElementType.FLOAT, "n", "m"),
                ModelOptions.builder().name("stress-" + concurrentBatches).build());
        int threads = 8;
        int perThread = 250;
        AtomicInteger answered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (DynamicBatcher batcher = DynamicBatcher.of(model, opts, gate)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                workers.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    List<CompletableFuture<Void>> pending = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        int m = 2 + r.nextInt(2);
                        int rows = 1 + r.nextInt(3);
                        float[] data = new float[rows * m];
                        for (int k = 0; k < data.length; k++) {
                            data[k] = seed * 1_000_000 + i * 100 + k;
                        }
                        Tensor sent = Tensor.ofFloats(data, rows, m);
                        if (r.nextBoolean()) {
                            assertThat(batcher.predict(Inputs.of(sent)).first()).isEqualTo(sent);
                            answered.incrementAndGet();
                        } else {
                            pending.add(batcher.predictAsync(Inputs.of(sent)).thenAccept(out -> {
                                assertThat(out.first()).isEqualTo(sent);
                                answered.incrementAndGet();
                            }));
                        }
                    }
                    for (CompletableFuture<Void> f : pending) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get(60, TimeUnit.SECONDS);
            }
            assertThat(answered.get()).isEqualTo(threads * perThread);
            assertThat(batcher.queued()).isZero();
            assertThat(gate.maxRows.get()).isBetween(1, 8);
        } finally {
            pool.shutdownNow();
        }
        Awaitility.await().atMost(BOUND).until(() -> EndpointShadowTest.threads("mlops-batcher-stress-" + concurrentBatches) == 0);
    }

    @Test
    void anEndpointPredictsAsynchronouslyOnBatchedVariantsAcrossHotSwaps() throws Exception {
        BatchingOptions opts = BatchingOptions.builder().maxBatchRows(8).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Endpoint ep = Endpoint.builder("async").variant("a", EndpointTestModels.add(1))
                .variant("b", EndpointTestModels.add(2)).policy(RoutingPolicy.canary("a", "b", 0.5))
                .batching(opts).build()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    List<CompletableFuture<Outputs>> mine = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        mine.add(ep.predictAsync(EndpointTestModels.ONE));
                    }
                    for (CompletableFuture<Outputs> f : mine) {
                        float c = EndpointTestModels.constantOf(f.get(30, TimeUnit.SECONDS));
                        assertThat(c == 1f || c == 2f || c == 3f).isTrue();
                    }
                    return null;
                }));
            }
            for (int s = 0; s < 20; s++) {
                ep.putVariant("b", EndpointTestModels.add(s % 2 == 0 ? 3 : 2));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            EndpointStats stats = ep.stats();
            assertThat(stats.variant("a").errorCount() + stats.variant("b").errorCount()).isZero();
            assertThat(stats.variant("a").requests() + stats.variant("b").requests()).isEqualTo(1200);
            assertThat(stats.variant("a").batchRowsMax()).isBetween(1L, 8L);
        } finally {
            pool.shutdownNow();
        }
        Awaitility.await().atMost(BOUND).until(() -> EndpointShadowTest.threads("mlops-batcher-") == 0);
    }
}
