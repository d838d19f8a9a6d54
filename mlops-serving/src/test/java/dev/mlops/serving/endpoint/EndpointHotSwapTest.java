package dev.mlops.serving.endpoint;

import dev.mlops.serving.ModelProbes;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.ModelLoadException;
import dev.mlops.serving.ModelOptions;
import dev.mlops.serving.Models;
import dev.mlops.serving.routing.RoutingPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static dev.mlops.serving.EndpointTestModels.ONE;
import static dev.mlops.serving.EndpointTestModels.add;
import static dev.mlops.serving.EndpointTestModels.addBytes;
import static dev.mlops.serving.EndpointTestModels.constantOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hot swap under load: 16 threads predict while a variant's model is replaced hundreds of times. Closing an ONNX
 * Runtime session during a run kills the JVM with SIGSEGV, so merely finishing proves the drain; the test also checks
 * that no request failed and that every session was closed at the end.
 */
class EndpointHotSwapTest {

    @Test
    void sixteenThreadsPredictWhileTheModelIsSwappedThreeHundredTimes() throws Exception {
        byte[] one = addBytes(1);
        byte[] two = addBytes(2);
        List<LoadedModel> created = new CopyOnWriteArrayList<>();
        LoadedModel first = Models.load(one);
        created.add(first);
        Endpoint ep = Endpoint.builder("swap").variant("v", first).build();
        int threads = 16;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ok = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                started.countDown();
                while (!stop.get()) {
                    try {
                        float c = constantOf(ep.predict(ONE));
                        if (c != 1f && c != 2f) {
                            throw new AssertionError("unexpected output " + c);
                        }
                        ok.incrementAndGet();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                }
            });
            th.start();
            workers.add(th);
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 300; i++) {
            byte[] next = i % 2 == 0 ? two : one;
            ep.putVariant("v", () -> {
                LoadedModel m = Models.load(next, ModelOptions.builder().warmUpRuns(1).build());
                created.add(m);
                return m;
            });
        }
        stop.set(true);
        for (Thread th : workers) {
            th.join(30_000);
        }
        assertThat(failure.get()).isNull();
        assertThat(ok.get()).isPositive();
        assertThat(ep.stats().variant("v").swaps()).isEqualTo(300);
        assertThat(ep.stats().variant("v").errorCount()).isZero();
        ep.close();
        assertThat(created).hasSize(301);
        for (LoadedModel m : created) {
            m.whenReleased().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(ModelProbes.liveBufferSets(m)).isZero();
        }
    }

    @Test
    void aFailedLoadLeavesTheOldVariantServing() {
        try (Endpoint ep = Endpoint.builder("fail").variant("v", add(1)).build()) {
            byte[] full = addBytes(2);
            byte[] truncated = Arrays.copyOf(full, full.length / 2);
            assertThatThrownBy(() -> ep.putVariant("v", () -> Models.load(truncated)))
                    .isInstanceOf(ModelLoadException.class);
            assertThat(constantOf(ep.predict(ONE))).isEqualTo(1f);
            assertThat(ep.stats().variant("v").swaps()).isZero();
            assertThat(ep.model("v").isClosed()).isFalse();
        }
    }

    @Test
    void addingAVariantAndRoutingToItWorksWhileServing() {
        try (Endpoint ep = Endpoint.builder("add").variant("a", add(1)).build()) {
            ep.putVariant("b", add(2));
            ep.setPolicy(RoutingPolicy.single("b"));
            assertThat(constantOf(ep.predict(ONE))).isEqualTo(2f);
            ep.setPolicy(RoutingPolicy.single("a"));
            LoadedModel b = ep.model("b");
            ep.removeVariant("b");
            assertThat(b.isReleased()).isTrue();
            assertThat(ep.variants()).containsExactly("a");
        }
    }
}
