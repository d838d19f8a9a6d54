package dev.mlops.serving.endpoint;

import dev.mlops.serving.routing.RampSchedule;
import dev.mlops.serving.routing.RoutingPolicy;
import dev.mlops.serving.routing.WeightedPolicy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static dev.mlops.serving.EndpointTestModels.ONE;
import static dev.mlops.serving.EndpointTestModels.add;
import static dev.mlops.serving.EndpointTestModels.constantOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A canary ramp advances step by step, pauses, aborts back to 0 %, and runs by itself on a schedule. */
class CanaryRampTest {

    private static Endpoint endpoint() {
        return Endpoint.builder("ramp").variant("stable", add(1)).variant("canary", add(2)).policy(RoutingPolicy.single("stable")).build();
    }

    @Test
    void explicitAdvancePauseAndAbort() {
        try (Endpoint ep = endpoint()) {
            CanaryRamp ramp = ep.startCanaryRamp("stable", "canary", RampSchedule.of(5, 25, 50, 100));
            assertThat(ramp.percent()).isEqualTo(5);
            assertThat(((WeightedPolicy) ep.policy()).percent("canary")).isEqualTo(5);
            assertThat(ramp.advance()).isEqualTo(25);
            ramp.pause();
            assertThat(ramp.status()).isEqualTo(CanaryRamp.Status.PAUSED);
            assertThat(ramp.advance()).isEqualTo(50);
            assertThat(((WeightedPolicy) ep.policy()).percent("canary")).isEqualTo(50);
            ramp.abort();
            assertThat(ramp.status()).isEqualTo(CanaryRamp.Status.ABORTED);
            assertThat(ramp.percent()).isZero();
            assertThat(ep.policy()).isEqualTo(RoutingPolicy.single("stable"));
            assertThat(constantOf(ep.predict(ONE))).isEqualTo(1f);
            assertThatThrownBy(ramp::advance).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void reachingOneHundredPercentRoutesEverythingToTheCanary() {
        try (Endpoint ep = endpoint()) {
            CanaryRamp ramp = ep.startCanaryRamp("stable", "canary", RampSchedule.of(50, 100));
            ramp.advance();
            assertThat(ramp.status()).isEqualTo(CanaryRamp.Status.COMPLETED);
            assertThat(ep.policy()).isEqualTo(RoutingPolicy.single("canary"));
            assertThat(constantOf(ep.predict(ONE))).isEqualTo(2f);
        }
    }

    @Test
    void aTimedRampAdvancesByItselfOnTheCallersScheduler() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (Endpoint ep = Endpoint.builder("timed").variant("stable", add(1)).variant("canary", add(2))
                .policy(RoutingPolicy.single("stable")).scheduler(scheduler).build()) {
            CanaryRamp ramp = ep.startCanaryRamp("stable", "canary",
                    RampSchedule.of(5, 25, 50, 100).every(Duration.ofMillis(5)));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ramp.status() == CanaryRamp.Status.COMPLETED);
            assertThat(ep.policy()).isEqualTo(RoutingPolicy.single("canary"));
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void settingAPolicyByHandSupersedesTheRamp() {
        try (Endpoint ep = endpoint()) {
            CanaryRamp ramp = ep.startCanaryRamp("stable", "canary", RampSchedule.of(10, 100));
            ep.setPolicy(RoutingPolicy.single("stable"));
            assertThat(ramp.status()).isEqualTo(CanaryRamp.Status.SUPERSEDED);
            assertThatThrownBy(ramp::advance).isInstanceOf(IllegalStateException.class);
            assertThat(ep.policy()).isEqualTo(RoutingPolicy.single("stable"));
        }
    }

    @Test
    void theEndpointsOwnRampThreadStopsOnClose() {
        Endpoint ep = Endpoint.builder("ownramp").variant("stable", add(1)).variant("canary", add(2))
                .policy(RoutingPolicy.single("stable")).build();
        CanaryRamp ramp = ep.startCanaryRamp("stable", "canary", RampSchedule.of(5, 100).every(Duration.ofHours(1)));
        assertThat(EndpointShadowTest.threads("mlops-ownramp-ramp")).isEqualTo(1);
        ep.close();
        assertThat(ramp.status()).isEqualTo(CanaryRamp.Status.SUPERSEDED);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> EndpointShadowTest.threads("mlops-ownramp-") == 0);
    }
}
