package dev.mlops.serving;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Closing is drain-safe and releases every native buffer; shared handles keep the session alive. */
class LoadedModelLifecycleTest {
    private static final Tensor ROWS = Tensor.ofFloats(new float[160], 16, 10);

    @Test
    void aClosedHandleRefusesPredictionsAndReleasesTheSession() {
        LoadedModel m = TestModels.load("diabetes_linear");
        m.predict(ROWS);
        assertThat(m.liveBufferSets()).isEqualTo(1);
        m.close();
        m.close(); // idempotent
        assertThat(m.isClosed()).isTrue();
        assertThat(m.isReleased()).isTrue();
        assertThat(m.liveBufferSets()).isZero();
        assertThatThrownBy(() -> m.predict(ROWS)).isInstanceOf(ModelClosedException.class)
                .hasMessageStartingWith("model 'diabetes_linear' is closed");
    }

    @Test
    void aSharedHandleKeepsTheSessionOpenUntilItIsClosedToo() {
        LoadedModel first = TestModels.load("diabetes_linear");
        LoadedModel second = first.share();
        first.close();
        assertThat(first.isReleased()).isFalse();
        assertThat(second.predict(ROWS).first().shape()).containsExactly(16, 1);
        second.close();
        assertThat(second.isReleased()).isTrue();
        assertThatThrownBy(second::share).isInstanceOf(ModelClosedException.class);
    }

    @Test
    void closingWhileSixteenThreadsPredictDrainsThemAndClosesOnce() throws Exception {
        LoadedModel m = TestModels.load("breast_cancer_mlp_v1");
        int threads = 16;
        CountDownLatch running = new CountDownLatch(threads);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger closedErrors = new AtomicInteger();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        Tensor in = Tensor.ofFloats(new float[30 * 4], 4, 30);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                running.countDown();
                for (;;) {
                    try {
                        assertThat(m.predict(in).first().shape()).containsExactly(4, 2);
                        ok.incrementAndGet();
                    } catch (ModelClosedException e) {
                        closedErrors.incrementAndGet();
                        return;
                    } catch (Throwable e) {
                        unexpected.set(e);
                        return;
                    }
                }
            });
            th.start();
            workers.add(th);
        }
        running.await(10, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> ok.get() > 2000);
        m.close();
        for (Thread th : workers) {
            th.join(10_000);
        }
        assertThat(unexpected.get()).isNull();
        assertThat(closedErrors.get()).isEqualTo(threads);
        m.whenReleased().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(m.referenceCount()).isZero();
        assertThat(m.liveBufferSets()).isZero();
    }

    @Test
    void warmUpRunsOnGeneratedInputsAndLeavesPooledBuffersBehind() {
        try (LoadedModel m = Models.load(TestModels.model("multi_io"), ModelOptions.builder().warmUpRuns(2).build())) {
            assertThat(m.liveBufferSets()).isEqualTo(1);
            assertThat(m.options().warmUpRuns()).isEqualTo(2);
        }
    }

    @Test
    void optionsAreValidatedAtOnce() {
        assertThatThrownBy(() -> ModelOptions.builder().intraOpThreads(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("intraOpThreads must be >= 0, given -1");
        assertThatThrownBy(() -> ModelOptions.builder().maxBatch(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBatch must be >= 1, given 0");
        assertThatThrownBy(() -> ModelOptions.builder().interOpThreads(2).build())
                .isInstanceOf(IllegalStateException.class);
        ModelOptions o = ModelOptions.builder().intraOpThreads(1).optimizationLevel(ModelOptions.OptimizationLevel.BASIC)
                .memoryArena(false).build();
        try (LoadedModel m = Models.load(TestModels.model("diabetes_linear"), o)) {
            assertThat(m.predict(ROWS).first().size()).isEqualTo(16);
            assertThat(m.options()).isSameAs(o);
        }
    }

    @Test
    void theFluentLoaderBuildsOptions() {
        try (LoadedModel m = Models.builder().name("d").intraOpThreads(1).warmUpRuns(1).maxBatch(64)
                .load(TestModels.model("diabetes_linear"))) {
            assertThat(m.name()).isEqualTo("d");
            assertThat(m.options().maxBatch()).isEqualTo(64);
        }
    }
}
