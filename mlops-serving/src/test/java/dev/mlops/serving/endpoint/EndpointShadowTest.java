package dev.mlops.serving.endpoint;

import dev.mlops.serving.ElementType;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.OnnxModelWriter;
import dev.mlops.serving.routing.OutputComparator;
import dev.mlops.serving.routing.RoutingPolicy;
import dev.mlops.serving.routing.ShadowPolicy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mlops.serving.EndpointTestModels.ONE;
import static dev.mlops.serving.EndpointTestModels.add;
import static dev.mlops.serving.EndpointTestModels.constantOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Shadow traffic never changes the caller's results or errors, is compared and counted, and drops when saturated. */
public class EndpointShadowTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void everyMirrorIsComparedAndDisagreementsAreCounted() {
        ShadowPolicy policy = RoutingPolicy.shadow(RoutingPolicy.single("primary"), 1.0, "same", "other");
        try (Endpoint ep = Endpoint.builder("sh").variant("primary", add(1)).variant("same", add(1))
                .variant("other", add(5)).policy(policy).build()) {
            for (int i = 0; i < 20; i++) {
                assertThat(constantOf(ep.predict(ONE))).isEqualTo(1f);
            }
            Awaitility.await().atMost(BOUND).until(() -> ep.stats().variant("other").shadowRequests() == 20
                    && ep.stats().variant("same").shadowRequests() == 20);
            EndpointStats s = ep.stats();
            assertThat(s.variant("same").shadowDisagreements()).isZero();
            assertThat(s.variant("other").shadowDisagreements()).isEqualTo(20);
            assertThat(s.variant("primary").requests()).isEqualTo(20);
            assertThat(s.variant("other").requests()).isZero();
        }
    }

    @Test
    void aFailingShadowDoesNotChangeTheCallersResultsOrErrors() {
        // the shadow expects int64 input: every mirror fails validation, on the shadow thread
        LoadedModel wrongType = Models.load(OnnxModelWriter.identity(ElementType.INT64, "n", 2L));
        ShadowPolicy policy = RoutingPolicy.shadow(RoutingPolicy.single("primary"), 1.0, "broken");
        try (Endpoint ep = Endpoint.builder("sf").variant("primary", add(1)).variant("broken", wrongType)
                .policy(policy).build()) {
            for (int i = 0; i < 10; i++) {
                assertThat(constantOf(ep.predict(ONE))).isEqualTo(1f);
            }
            Awaitility.await().atMost(BOUND).until(() -> ep.stats().variant("broken").shadowErrors() == 10);
            assertThat(ep.stats().variant("primary").errorCount()).isZero();
        }
    }

    @Test
    void aThrowingComparatorIsCountedAsAShadowError() {
        OutputComparator throwing = (a, b) -> {
            throw new IllegalStateException("comparator bug");
        };
        ShadowPolicy policy = RoutingPolicy.shadow(RoutingPolicy.single("primary"), 1.0, "s").withComparator(throwing);
        try (Endpoint ep = Endpoint.builder("tc").variant("primary", add(1)).variant("s", add(1)).policy(policy).build()) {
            for (int i = 0; i < 5; i++) {
                assertThat(constantOf(ep.predict(ONE))).isEqualTo(1f);
            }
            Awaitility.await().atMost(BOUND).until(() -> ep.stats().variant("s").shadowErrors() == 5);
            assertThat(ep.stats().variant("primary").errorCount()).isZero();
        }
    }

    @Test
    void theCallerReturnsWhileTheShadowIsBlockedAndExcessMirrorsAreDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger compared = new AtomicInteger();
        OutputComparator blocking = (a, b) -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            compared.incrementAndGet();
            return new OutputComparator.Comparison(true, 0, "");
        };
        ShadowPolicy policy = RoutingPolicy.shadow(RoutingPolicy.single("primary"), 1.0, "s").withComparator(blocking);
        try (Endpoint ep = Endpoint.builder("blk").variant("primary", add(1)).variant("s", add(1)).policy(policy)
                .shadowThreads(1).maxPendingMirrors(2).build()) {
            assertThat(constantOf(ep.predict(ONE))).isEqualTo(1f);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            // the shadow is now blocked; the caller keeps getting answers
            for (int i = 0; i < 50; i++) {
                assertThat(constantOf(ep.predict(ONE))).isEqualTo(1f);
            }
            assertThat(compared.get()).isZero();
            EndpointStats s = ep.stats();
            // one mirror blocked, one queued (2 permits), 49 dropped
            assertThat(s.variant("s").droppedMirrors()).isEqualTo(49);
            assertThat(s.variant("primary").requests()).isEqualTo(51);
            assertThat(s.variant("primary").errorCount()).isZero();
            release.countDown();
            Awaitility.await().atMost(BOUND).until(() -> compared.get() == 2);
        }
    }

    @Test
    void aFractionOfRequestsIsMirrored() {
        ShadowPolicy policy = RoutingPolicy.shadow(RoutingPolicy.single("primary"), 0.25, "s");
        try (Endpoint ep = Endpoint.builder("fr").variant("primary", add(1)).variant("s", add(1)).policy(policy)
                .random(EndpointRoutingTest.seeded(11)).maxPendingMirrors(10_000).build()) {
            int n = 4000;
            for (int i = 0; i < n; i++) {
                ep.predict(ONE);
            }
            Awaitility.await().atMost(BOUND).until(() -> {
                VariantStats s = ep.stats().variant("s");
                return s.shadowRequests() + s.droppedMirrors() > 900;
            });
            Awaitility.await().atMost(BOUND).pollDelay(Duration.ZERO).until(() -> true);
            long mirrored = ep.stats().variant("s").shadowRequests();
            // binomial(4000, 0.25): mean 1000, sigma sqrt(4000 * 0.25 * 0.75) = 27.4
            Awaitility.await().atMost(BOUND).until(() -> ep.stats().variant("s").shadowRequests() >= 1000 - 110);
            assertThat(ep.stats().variant("s").shadowRequests()).isBetween(1000L - 110, 1000L + 110);
            assertThat(mirrored).isPositive();
        }
    }

    @Test
    void closingStopsTheShadowThreadsTheEndpointStarted() {
        ShadowPolicy policy = RoutingPolicy.shadow(RoutingPolicy.single("primary"), 1.0, "s");
        Endpoint ep = Endpoint.builder("leakcheck").variant("primary", add(1)).variant("s", add(1)).policy(policy)
                .shadowThreads(2).build();
        for (int i = 0; i < 20; i++) {
            ep.predict(ONE);
        }
        Awaitility.await().atMost(BOUND).until(() -> ep.stats().variant("s").shadowRequests() == 20);
        assertThat(threads("mlops-leakcheck-")).isPositive();
        ep.close();
        Awaitility.await().atMost(BOUND).until(() -> threads("mlops-leakcheck-") == 0);
    }

    public static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }
}
