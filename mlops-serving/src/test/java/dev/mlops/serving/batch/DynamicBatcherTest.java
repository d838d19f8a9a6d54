package dev.mlops.serving.batch;

import dev.mlops.serving.ReferenceVectorsTest;
import dev.mlops.serving.endpoint.EndpointShadowTest;
import dev.mlops.serving.ElementType;
import dev.mlops.serving.EndpointTestModels;
import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.ModelClosedException;
import dev.mlops.serving.ModelOptions;
import dev.mlops.serving.Models;
import dev.mlops.serving.OnnxModelWriter;
import dev.mlops.serving.PredictionException;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.endpoint.EndpointStats;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.TensorJson;
import dev.mlops.serving.TestModels;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.serving.routing.RoutingPolicy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dynamic batching: equal results, overload, deadlines, error propagation, mixed shapes, shutdown. */
class DynamicBatcherTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    /** An observer that counts batches and can hold the worker inside a batch until released. */
    static final class Gate implements dev.mlops.serving.internal.BatchObserver {
        final AtomicInteger batches = new AtomicInteger();
        final AtomicInteger maxRows = new AtomicInteger();
        volatile CountDownLatch hold;
        final CountDownLatch entered = new CountDownLatch(1);
        final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void batch(int rows, int requests) {
            threads.add(Thread.currentThread().getName());
            batches.incrementAndGet();
            maxRows.accumulateAndGet(rows, Math::max);
            CountDownLatch h = hold;
            if (h != null) {
                entered.countDown();
                try {
                    h.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void queueWait(long nanos) {
        }
    }

    /** Rows of a fixture's reference inputs, one request per row. */
    static List<Inputs> rowsOf(String fixture) throws Exception {
        JsonNode v = TensorJson.mapper().readTree(TestModels.vector(fixture));
        Inputs all = TensorJson.readInputs(v.get("inputs"));
        int rows = (int) all.get(all.names().get(0)).dim(0);
        List<Inputs> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Inputs.Builder b = Inputs.builder();
            for (String name : all.names()) {
                Tensor t = all.get(name);
                long[] shape = t.shape();
                int per = t.size() / rows;
                shape[0] = 1;
                Object slice = java.lang.reflect.Array.newInstance(t.data().getClass().getComponentType(), per);
                System.arraycopy(t.data(), r * per, slice, 0, per);
                b.add(name, Tensor.of(t.type(), slice, shape));
            }
            out.add(b.build());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"diabetes_linear", "breast_cancer_mlp_v1", "multi_io", "iris_logreg_zipmap"})
    void batchedResultsEqualUnbatchedResults(String fixture) throws Exception {
        List<Inputs> requests = rowsOf(fixture);
        Gate gate = new Gate();
        BatchingOptions opts = BatchingOptions.builder().maxBatchRows(8).maxDelay(Duration.ofMillis(200))
                .runLoneRequestsAtOnce(false).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (LoadedModel direct = TestModels.load(fixture);
             DynamicBatcher batcher = DynamicBatcher.of(TestModels.load(fixture), opts, gate)) {
            List<Future<Outputs>> futures = new ArrayList<>();
            for (Inputs in : requests) {
                futures.add(pool.submit(() -> batcher.predict(in)));
            }
            for (int i = 0; i < requests.size(); i++) {
                Outputs batched = futures.get(i).get(20, TimeUnit.SECONDS);
                Outputs alone = direct.predict(requests.get(i));
                assertThat(batched.names()).isEqualTo(alone.names());
                for (String name : alone.names()) {
                    Object a = alone.value(name);
                    Object b = batched.value(name);
                    if (a instanceof Tensor) {
                        // bit for bit: Tensor equality compares the arrays exactly
                        assertThat(b).as("%s row %d", name, i).isEqualTo(a);
                    } else {
                        // ZipMap probabilities (ai.onnx.ml LinearClassifier) differ in the last bits between batch sizes
                        ReferenceVectorsTest.assertMatches(fixture + "." + name + " row " + i,
                                TensorJson.writeValue(b), TensorJson.writeValue(a));
                    }
                }
            }
            assertThat(gate.maxRows.get()).as("requests were coalesced").isGreaterThan(1);
            assertThat(gate.batches.get()).isLessThan(requests.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFullQueueRefusesAtOnceAndATimeoutFiresWhileTheWorkerIsBusy() throws Exception {
        Gate gate = new Gate();
        gate.hold = new CountDownLatch(1);
        BatchingOptions opts = BatchingOptions.builder().maxBatchRows(4).queueCapacity(2).build();
        BatchingOptions timed = BatchingOptions.builder().maxBatchRows(4).queueCapacity(2)
                .requestTimeout(Duration.ofMillis(50)).build();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Inputs row = Inputs.of(Tensor.ofFloats(new float[10], 1, 10));
        try (DynamicBatcher batcher = DynamicBatcher.of(TestModels.load("diabetes_linear"), opts, gate)) {
            Future<Outputs> first = pool.submit(() -> batcher.predict(row));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the worker is held inside a batch
            Future<Outputs> second = pool.submit(() -> batcher.predict(row));
            Future<Outputs> third = pool.submit(() -> batcher.predict(row));
            Awaitility.await().atMost(BOUND).until(() -> batcher.queued() == 2);
            assertThatThrownBy(() -> batcher.predict(row)).isInstanceOf(OverloadedException.class)
                    .hasMessageStartingWith("model 'diabetes_linear' is overloaded: its batching queue holds 2 requests");
            gate.hold.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).first().shape()).containsExactly(1, 1);
            assertThat(second.get(10, TimeUnit.SECONDS).first().shape()).containsExactly(1, 1);
            assertThat(third.get(10, TimeUnit.SECONDS).first().shape()).containsExactly(1, 1);
        } finally {
            pool.shutdownNow();
        }
        Gate held = new Gate();
        held.hold = new CountDownLatch(1);
        ExecutorService one = Executors.newSingleThreadExecutor();
        try (DynamicBatcher batcher = DynamicBatcher.of(TestModels.load("diabetes_linear"), timed, held)) {
            Future<?> blocker = one.submit(() -> batcher.predict(row));
            assertThat(held.entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> batcher.predict(row)).isInstanceOf(DeadlineExceededException.class)
                    .hasMessage("model 'diabetes_linear' did not answer within PT0.05S (BatchingOptions.requestTimeout)");
            held.hold.countDown();
            // the held request itself either timed out too or got its result, depending on scheduling
            try {
                assertThat(blocker.get(10, TimeUnit.SECONDS)).isNotNull();
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(DeadlineExceededException.class);
            }
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void anErrorInABatchedRunReachesEveryCallerOfThatBatch() throws Exception {
        // Reshape to [-1, 3]: 2 rows of 4 values (8) cannot be reshaped, 3 rows (12) can.
        byte[] reshape = new OnnxModelWriter()
                .input("x", OnnxModelWriter.FLOAT, "n", 4L)
                .output("y", OnnxModelWriter.FLOAT, "", 3L)
                .longInitializer("shape", new long[]{-1, 3}, 2)
                .node("Reshape", List.of("x", "shape"), List.of("y"))
                .toBytes();
        BatchingOptions opts = BatchingOptions.builder().maxBatchRows(2).maxDelay(Duration.ofSeconds(10))
                .runLoneRequestsAtOnce(false).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Inputs row = Inputs.of(Tensor.ofFloats(new float[4], 1, 4));
        try (DynamicBatcher batcher = DynamicBatcher.of(Models.load(reshape), opts)) {
            CompletableFuture<Throwable> a = CompletableFuture.supplyAsync(() -> failure(batcher, row), pool);
            CompletableFuture<Throwable> b = CompletableFuture.supplyAsync(() -> failure(batcher, row), pool);
            assertThat(a.get(20, TimeUnit.SECONDS)).isInstanceOf(PredictionException.class);
            assertThat(b.get(20, TimeUnit.SECONDS)).isInstanceOf(PredictionException.class);
            // a bad request is rejected before it joins a batch
            assertThatThrownBy(() -> batcher.predict(Inputs.of(Tensor.ofFloats(new float[3], 1, 3))))
                    .isInstanceOf(InvalidInputException.class);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Throwable failure(DynamicBatcher batcher, Inputs in) {
        try {
            batcher.predict(in);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    @Test
    void requestsWhoseNonBatchDimensionsDifferAreNotMixed() throws Exception {
        Gate gate = new Gate();
        BatchingOptions opts = BatchingOptions.builder().maxBatchRows(16).maxDelay(Duration.ofMillis(100))
                .runLoneRequestsAtOnce(false).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (DynamicBatcher batcher = DynamicBatcher.of(Models.load(OnnxModelWriter.identity(ElementType.FLOAT, "n", "m")), opts, gate)) {
            List<Future<Outputs>> futures = new ArrayList<>();
            List<Tensor> sent = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int m = i % 2 == 0 ? 2 : 3;
                int rows = 1 + i % 3;
                float[] data = new float[rows * m];
                for (int k = 0; k < data.length; k++) {
                    data[k] = i * 100 + k;
                }
                Tensor t = Tensor.ofFloats(data, rows, m);
                sent.add(t);
                futures.add(pool.submit(() -> batcher.predict(Inputs.of(t))));
            }
            for (int i = 0; i < 16; i++) {
                assertThat(futures.get(i).get(20, TimeUnit.SECONDS).first()).isEqualTo(sent.get(i));
            }
            assertThat(gate.maxRows.get()).isGreaterThan(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingCompletesQueuedRequestsStopsTheWorkerAndRefusesNewOnes() throws Exception {
        Gate gate = new Gate();
        gate.hold = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Inputs row = Inputs.of(Tensor.ofFloats(new float[10], 1, 10));
        LoadedModel model = Models.load(TestModels.model("diabetes_linear"), ModelOptions.builder().name("closing").build());
        DynamicBatcher batcher = DynamicBatcher.of(model, BatchingOptions.builder().build(), gate);
        Future<Outputs> first = pool.submit(() -> batcher.predict(row));
        assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Future<Outputs> queued = pool.submit(() -> batcher.predict(row));
        Awaitility.await().atMost(BOUND).until(() -> batcher.queued() == 1);
        Future<?> closing = pool.submit(batcher::close);
        gate.hold.countDown();
        closing.get(20, TimeUnit.SECONDS);
        assertThat(first.get(10, TimeUnit.SECONDS).first().size()).isEqualTo(1);
        assertThat(queued.get(10, TimeUnit.SECONDS).first().size()).isEqualTo(1);
        assertThatThrownBy(() -> batcher.predict(row)).isInstanceOf(ModelClosedException.class);
        assertThat(model.isReleased()).isTrue();
        Awaitility.await().atMost(BOUND).until(() -> EndpointShadowTest.threads("mlops-batcher-closing") == 0);
        pool.shutdownNow();
    }

    @Test
    void anEndpointBatchesEachVariantAfterRoutingAndDrainsOnSwap() throws Exception {
        BatchingOptions opts = BatchingOptions.builder().maxBatchRows(8).maxDelay(Duration.ofMillis(1)).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Endpoint ep = Endpoint.builder("batched").variant("a", EndpointTestModels.add(1))
                .variant("b", EndpointTestModels.add(2)).policy(RoutingPolicy.canary("a", "b", 0.5))
                .batching(opts).build()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        float c = EndpointTestModels.constantOf(ep.predict(EndpointTestModels.ONE));
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
            assertThat(stats.variant("a").requests() + stats.variant("b").requests()).isEqualTo(2400);
            assertThat(stats.variant("a").batches()).isPositive();
            assertThat(stats.variant("a").batchRowsMax()).isGreaterThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        Awaitility.await().atMost(BOUND).until(() -> EndpointShadowTest.threads("mlops-batcher-") == 0);
    }
}
