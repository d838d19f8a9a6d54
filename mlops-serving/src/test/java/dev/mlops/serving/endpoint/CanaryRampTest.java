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
import static org.assertj.core.api.Assertions.within;

/** A canary ramp advances step by step, pauses, aborts back to 0 %, and runs by itself on a schedule. */
class CanaryRampTest {

    private static Endpoint endpoint() {
        return Endpoint.builder("ramp").variant("stable", add(1)).variant("canary", add(2)).policy(RoutingPolicy.single("stable")).build();
    }

    @Test
    void explicitAdvancePauseAndAbort() {
        try (Endpoint ep = endpoint()) {
            CanaryRamp ramp = ep.startCanaryRamp("stable", "canary", RampSchedule.of(0.05, 0.25, 0.5, 1));
            assertThat(ramp.share()).isEqualTo(0.05);
            assertThat(((WeightedPolicy) ep.policy()).share("canary")).isCloseTo(0.05, within(1e-12));
            assertThat(ramp.advance()).isEqualTo(0.25);
            ramp.pause();
            assertThat(ramp.status()).isEqualTo(CanaryRamp.Status.PAUSED);
            assertThat(ramp.advance()).isEqualTo(0.5);
            assertThat(((WeightedPolicy) ep.policy()).share("canary")).isEqualTo(0.5);
            ramp.abort();
            assertThat(ramp.status()).isEqualTo(CanaryRamp.Status.ABORTED);
            assertThat(ramp.share()).isZero();
            assertThat(ep.policy()).isEqualTo(RoutingPolicy.single("stable"));
            assertThat(constantOf(ep.predict(ONE))).isEqualTo(1f);
            assertThatThrownBy(ramp::advance).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void reachingOneHundredPercentRoutesEverythingToTheCanary() {
        try (Endpoint ep = endpoint()) {
            CanaryRamp ramp = ep.startCanaryRamp("stable", "canary", RampSchedule.of(0.5, 1));
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
                    RampSchedule.of(0.05, 0.25, 0.5, 1).every(Duration.ofMillis(5)));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ramp.status() == CanaryRamp.Status.COMPLETED);
            assertThat(ep.policy()).isEqualTo(RoutingPolicy.single("canary"));
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void settingAPolicyByHandSupersedesTheRamp() {
        try (Endpoint ep = endpoint()) {
            CanaryRamp ramp = ep.startCanaryRamp("stable", "canary", RampSchedule.of(0.1, 1));
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
        CanaryRamp ramp = ep.startCanaryRamp("stable", "canary", RampSchedule.of(0.05, 1).every(Duration.ofHours(1)));
        assertThat(EndpointShadowTest.threads("mlops-ownramp-ramp")).isEqualTo(1);
        ep.close();
        assertThat(ramp.status()).isEqualTo(CanaryRamp.Status.SUPERSEDED);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> EndpointShadowTest.threads("mlops-ownramp-") == 0);
    }
}
