package dev.mlops.serving.endpoint;

import dev.mlops.serving.Inputs;
import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.routing.BlueGreenPolicy;
import dev.mlops.serving.routing.RampSchedule;
import dev.mlops.serving.routing.RoutingPolicy;
import dev.mlops.serving.routing.StickyPolicy;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static dev.mlops.serving.EndpointTestModels.ONE;
import static dev.mlops.serving.EndpointTestModels.add;
import static dev.mlops.serving.EndpointTestModels.constantOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routing policies: distributions, stickiness, minimal key movement, blue-green, override, statistics. */
class EndpointRoutingTest {

    static DoubleSupplier seeded(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return () -> {
            synchronized (r) {
                return r.nextDouble();
            }
        };
    }

    private static Map<String, Double> weights(String a, double wa, String b, double wb) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(a, wa);
        m.put(b, wb);
        return m;
    }

    @Test
    void aTenPercentCanaryGetsTenPercentOfRequestsWithinFourSigma() {
        try (Endpoint ep = Endpoint.builder("canary").variant("stable", add(1)).variant("canary", add(2))
                .policy(RoutingPolicy.canary("stable", "canary", 0.1)).random(seeded(7)).build()) {
            int n = 20_000;
            int canary = 0;
            for (int i = 0; i < n; i++) {
                if (constantOf(ep.predict(ONE)) == 2f) {
                    canary++;
                }
            }
            // binomial(20000, 0.1): mean 2000, sigma sqrt(20000 * 0.1 * 0.9) = 42.4
            assertThat(canary).isBetween(2000 - 170, 2000 + 170);
            EndpointStats s = ep.stats();
            assertThat(s.variant("canary").requests()).isEqualTo(canary);
            assertThat(s.variant("stable").requests()).isEqualTo(n - canary);
        }
    }

    @Test
    void weightedRoutingIsAPureFunctionOfTheDraw() {
        RoutingPolicy p = RoutingPolicy.weighted(weights("a", 3, "b", 1));
        assertThat(p.route(null, 0.0)).isEqualTo("a");
        assertThat(p.route(null, 0.7499)).isEqualTo("a");
        assertThat(p.route(null, 0.75)).isEqualTo("b");
        assertThat(p.route(null, 0.9999)).isEqualTo("b");
        assertThat(RoutingPolicy.canary("a", "b", 0).route(null, 0.9999)).isEqualTo("a");
        assertThat(RoutingPolicy.canary("a", "b", 1).route(null, 0.0)).isEqualTo("b");
        assertThatThrownBy(() -> RoutingPolicy.canary("a", "b", 101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("canary share must be a fraction within [0, 1], given 101.0");
        // a percent where a fraction belongs is refused with a hint, not silently read as 0.1 %
        assertThatThrownBy(() -> RoutingPolicy.canary("a", "b", 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("canary share must be a fraction within [0, 1], given 10.0 (shares are fractions, not "
                        + "percents: for 10.0 % write 0.1)");
        assertThatThrownBy(() -> RoutingPolicy.shadow(RoutingPolicy.single("a"), 25, "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("shadow fraction must be a fraction");
        assertThatThrownBy(() -> RampSchedule.of(5, 25, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ramp step must be a fraction within [0, 1], given 5.0");
    }

    @Test
    void stickyAssignmentIsStableAcrossEndpointInstancesAndJvms() {
        StickyPolicy p = RoutingPolicy.sticky("fraud-ab", weights("a", 50, "b", 50));
        // points from StableHashTest (computed with Guava's murmur3): user-1 0.333, user-3 0.472, 東京 0.608
        assertThat(p.route("user-1", 0.99)).isEqualTo("a");
        assertThat(p.route("user-3", 0.99)).isEqualTo("a");
        assertThat(p.route("東京", 0.0)).isEqualTo("b");
        try (Endpoint one = Endpoint.builder("e").variant("a", add(1)).variant("b", add(2)).policy(p).build();
             Endpoint two = Endpoint.builder("e").variant("a", add(1)).variant("b", add(2)).policy(p).build()) {
            for (int k = 0; k < 300; k++) {
                String key = "customer-" + k;
                float first = constantOf(one.predict(ONE, key));
                assertThat(constantOf(one.predict(ONE, key))).isEqualTo(first);
                assertThat(constantOf(two.predict(ONE, key))).isEqualTo(first);
            }
        }
    }

    @Test
    void raisingBFromTenToTwentyPercentMovesKeysOnlyFromAToB() {
        StickyPolicy before = RoutingPolicy.sticky("exp-7", weights("a", 90, "b", 10));
        StickyPolicy after = before.withWeights(weights("a", 80, "b", 20));
        int n = 20_000;
        int inB = 0;
        int moved = 0;
        for (int k = 0; k < n; k++) {
            String key = "k" + k;
            String was = before.route(key, 0);
            String now = after.route(key, 0);
            if (was.equals("b")) {
                inB++;
                assertThat(now).as("a key in B stays in B").isEqualTo("b");
            }
            if (!was.equals(now)) {
                moved++;
                assertThat(was).isEqualTo("a");
            }
        }
        // binomial(20000, 0.1): mean 2000, sigma 42.4 for both counts
        assertThat(inB).isBetween(2000 - 170, 2000 + 170);
        assertThat(moved).isBetween(2000 - 170, 2000 + 170);
    }

    @Test
    void blueGreenSwitchesAndRollsBackAtOnce() {
        BlueGreenPolicy bg = RoutingPolicy.blueGreen("blue", "green");
        try (Endpoint ep = Endpoint.builder("bg").variant("blue", add(1)).variant("green", add(2)).policy(bg).build()) {
            assertThat(constantOf(ep.predict(ONE))).isEqualTo(1f);
            ep.setPolicy(bg.switchOver());
            assertThat(constantOf(ep.predict(ONE))).isEqualTo(2f);
            ep.setPolicy(((BlueGreenPolicy) ep.policy()).rollback());
            assertThat(constantOf(ep.predict(ONE))).isEqualTo(1f);
            assertThat(((BlueGreenPolicy) ep.policy()).live()).isEqualTo("blue");
        }
    }

    @Test
    void anExplicitVariantOverridesThePolicy() {
        try (Endpoint ep = Endpoint.builder("o").variant("a", add(1)).variant("b", add(2))
                .policy(RoutingPolicy.single("a")).build()) {
            assertThat(constantOf(ep.predictOn("b", ONE))).isEqualTo(2f);
            assertThatThrownBy(() -> ep.predictOn("c", ONE)).isInstanceOf(NoSuchVariantException.class)
                    .hasMessage("endpoint 'o' has no variant 'c'; its variants are [a, b]");
        }
    }

    @Test
    void aPolicyNamingAMissingVariantIsRefusedAndTheOldOneStays() {
        try (Endpoint ep = Endpoint.builder("p").variant("a", add(1)).build()) {
            assertThatThrownBy(() -> ep.setPolicy(RoutingPolicy.canary("a", "z", 0.05)))
                    .isInstanceOf(NoSuchVariantException.class);
            assertThat(ep.policy()).isEqualTo(RoutingPolicy.single("a"));
            assertThatThrownBy(() -> ep.removeVariant("a")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void statisticsCountRequestsErrorsAndLatencies() {
        try (Endpoint ep = Endpoint.builder("s").variant("a", add(1)).build()) {
            for (int i = 0; i < 100; i++) {
                ep.predict(ONE);
            }
            assertThatThrownBy(() -> ep.predict(Inputs.of(Tensor.ofLongs(new long[]{1, 2}, 1, 2))))
                    .isInstanceOf(InvalidInputException.class);
            VariantStats s = ep.stats().variant("a");
            assertThat(s.requests()).isEqualTo(101);
            assertThat(s.errors()).containsEntry(VariantStats.ErrorKind.INVALID_INPUT, 1L)
                    .containsEntry(VariantStats.ErrorKind.PREDICTION, 0L);
            assertThat(s.errorCount()).isEqualTo(1);
            assertThat(s.latencyP50()).isPositive();
            assertThat(s.latencyP50()).isLessThanOrEqualTo(s.latencyP95());
            assertThat(s.latencyP95()).isLessThanOrEqualTo(s.latencyP99());
            assertThat(s.latencyP99()).isLessThanOrEqualTo(s.latencyMax());
            assertThat(s.model()).isEqualTo("add1");
        }
    }

    @Test
    void aListenerThatThrowsIsCountedAndNeverReachesTheCaller() {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        EndpointListener bad = new EndpointListener() {
            @Override
            public void onRequest(dev.mlops.serving.Provenance answeredBy, long nanos, VariantStats.ErrorKind errorKind,
                                  Throwable error) {
                seen.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }
        };
        try (Endpoint ep = Endpoint.builder("l").variant("a", add(1)).listener(bad).build()) {
            for (int i = 0; i < 5; i++) {
                assertThat(constantOf(ep.predict(ONE))).isEqualTo(1f);
            }
            assertThat(seen.get()).isEqualTo(5);
            assertThat(ep.listenerFailures()).isEqualTo(5);
            assertThat(ep.stats().listenerFailures()).isEqualTo(5);
        }
    }

    @Test
    void aClosedEndpointRefusesRequestsAndClosesItsModels() {
        LoadedModel a = add(1);
        Endpoint ep = Endpoint.builder("c").variant("a", a).build();
        ep.close();
        ep.close();
        assertThat(a.isReleased()).isTrue();
        assertThatThrownBy(() -> ep.predict(ONE)).isInstanceOf(EndpointClosedException.class)
                .hasMessage("endpoint 'c' is closed");
    }
}
