package dev.mlops.endpointdrift;

import dev.mlops.monitoring.DriftListener;
import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.Models;
import dev.mlops.serving.ModelOptions;
import dev.mlops.serving.OnnxModelWriter;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.endpoint.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An endpoint's traffic reaches a drift monitor in one line, off the request thread. */
class EndpointDriftTest {

    /** {@code y[n, 2] = x[n, 2] + [c, c]}: two features, the first output column is the prediction's neighbour. */
    private static Endpoint endpoint() {
        byte[] add = new OnnxModelWriter()
                .input("x", OnnxModelWriter.FLOAT, "n", 2L)
                .output("y", OnnxModelWriter.FLOAT, "n", 2L)
                .floatInitializer("c", new float[]{10, 10}, 2)
                .node("Add", List.of("x", "c"), List.of("y"))
                .toBytes();
        return Endpoint.builder("scoring").variant("v1", Models.load(add, ModelOptions.builder().name("add").build()))
                .build();
    }

    private static ReferenceProfile profile() {
        double[] a = new double[200];
        double[] b = new double[200];
        double[] p = new double[200];
        for (int i = 0; i < 200; i++) {
            a[i] = i % 10;
            b[i] = i % 7;
            p[i] = b[i] + 10;
        }
        return ReferenceProfile.builder().numeric("a", a).numeric("b", b).output("prediction", p).build();
    }

    private static Inputs row(float a, float b) {
        return Inputs.of(Tensor.ofFloats(new float[]{a, b}, 1, 2));
    }

    @Test
    void oneLineFeedsEveryAnsweredRowOffTheRequestThread() throws InterruptedException {
        BlockingQueue<DriftResult> windows = new ArrayBlockingQueue<>(4);
        BlockingQueue<String> evaluatedOn = new ArrayBlockingQueue<>(4);
        DriftMonitor monitor = DriftMonitor.builder(profile()).countWindow(4).listener(new DriftListener() {
            @Override
            public void onWindow(DriftResult result) {
                evaluatedOn.add(Thread.currentThread().getName());
                windows.add(result);
            }
        }).build();
        try (Endpoint ep = endpoint(); monitor;
             EndpointDrift drift = EndpointDrift.watch(ep, monitor)) {
            for (int i = 0; i < 4; i++) {
                ep.predict(row(i, 2 * i));
            }
            DriftResult w = windows.poll(10, TimeUnit.SECONDS);
            assertThat(w).isNotNull();
            assertThat(w.rows()).isEqualTo(4);
            assertThat(w.feature("a").currentCount()).isEqualTo(4);
            assertThat(w.feature("prediction").currentCount()).isEqualTo(4);
            assertThat(evaluatedOn.poll(10, TimeUnit.SECONDS)).isNotEqualTo(Thread.currentThread().getName());
            assertThat(drift.rowsObserved()).isEqualTo(4);
            assertThat(drift.failures()).isZero();
        }
    }

    @Test
    void theCallerMaySupplyTheExecutorAndTheRequestOnlyHandsOff() throws InterruptedException {
        BlockingQueue<Runnable> handedOff = new ArrayBlockingQueue<>(8);
        Executor capture = handedOff::add;
        DriftMonitor monitor = DriftMonitor.builder(profile()).countWindow(1000).build();
        try (Endpoint ep = endpoint(); monitor;
             EndpointDrift drift = EndpointDrift.builder(ep, monitor).executor(capture).build()) {
            ep.predict(row(1, 2));
            ep.predict(row(3, 4));
            assertThat(monitor.rowsObserved()).isZero(); // nothing observed on the request thread
            assertThat(handedOff).hasSize(2);
            handedOff.poll().run();
            handedOff.poll().run();
            assertThat(monitor.rowsObserved()).isEqualTo(2);
            assertThat(drift.rowsObserved()).isEqualTo(2);
        }
    }

    @Test
    void aProfileThatDoesNotFitTheModelIsRefusedAtOnce() {
        ReferenceProfile three = ReferenceProfile.builder().numeric("a", new double[]{1, 2}).numeric("b",
                new double[]{1, 2}).numeric("c", new double[]{1, 2}).build();
        try (Endpoint ep = endpoint(); DriftMonitor monitor = DriftMonitor.builder(three).countWindow(10).build()) {
            assertThatThrownBy(() -> EndpointDrift.watch(ep, monitor)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("takes 2 columns in input 'x' but the drift profile has 3 input features");
        }
    }

    @Test
    void closingStopsObserving() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        DriftMonitor monitor = DriftMonitor.builder(profile()).countWindow(1000).build();
        try (Endpoint ep = endpoint(); monitor) {
            EndpointDrift drift = EndpointDrift.builder(ep, monitor).executor(r -> {
                r.run();
                ran.countDown();
            }).build();
            ep.predict(row(1, 2));
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            drift.close();
            ep.predict(row(1, 2));
            assertThat(monitor.rowsObserved()).isEqualTo(1);
        }
    }
}
