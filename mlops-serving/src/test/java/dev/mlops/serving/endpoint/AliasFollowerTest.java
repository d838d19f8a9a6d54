package dev.mlops.serving.endpoint;

import dev.mlops.serving.ModelProbes;
import dev.mlops.serving.ModelCache;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.ModelLoadException;
import dev.mlops.serving.Models;
import dev.mlops.registry.Registry;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.store.InMemoryStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.mlops.serving.EndpointTestModels.ONE;
import static dev.mlops.serving.EndpointTestModels.addBytes;
import static dev.mlops.serving.EndpointTestModels.constantOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An endpoint follows a registry alias: moves in this process (events) and in others (polling), rollback included. */
class AliasFollowerTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    private static void register(Registry r, float c) {
        r.register("fraud").bytes(addBytes(c)).fileName("model.onnx").commit();
    }

    @Test
    void loadsARegistryVersionThroughTheVerifyingStream() {
        try (Registry r = Registry.inMemory()) {
            register(r, 7);
            try (LoadedModel m = Models.load(r, "fraud", 1)) {
                assertThat(m.name()).isEqualTo("fraud:1");
                assertThat(constantOf(m.predict(ONE))).isEqualTo(7f);
            }
            assertThatThrownBy(() -> Models.load(r, "fraud", 9)).isInstanceOf(ModelLoadException.class)
                    .hasMessageStartingWith("cannot read model fraud:9 from registry");
        }
    }

    @Test
    void aMoveInThisProcessSwapsAtOnceAndARollbackSwapsBack() {
        try (Registry r = Registry.inMemory()) {
            register(r, 1);
            register(r, 2);
            r.setAlias("fraud", "production", 1, "test", "first release");
            try (Endpoint ep = Endpoint.builder("fraud").variant("prod", Models.load(r, "fraud", 1)).build();
                 AliasFollower follower = AliasFollower.builder(ep, "prod", r, "fraud", "production")
                         .pollInterval(Duration.ofHours(1)).start()) {
                assertThat(follower.currentVersion()).isEqualTo(1);
                assertThat(constantOf(ep.predict(ONE))).isEqualTo(1f);
                r.setAlias("fraud", "production", 2, "test", "promote v2");
                Awaitility.await().atMost(BOUND).until(() -> constantOf(ep.predict(ONE)) == 2f);
                assertThat(follower.currentVersion()).isEqualTo(2);
                r.rollback("fraud", "production", "test", "v2 misbehaves");
                Awaitility.await().atMost(BOUND).until(() -> constantOf(ep.predict(ONE)) == 1f);
                assertThat(follower.currentVersion()).isEqualTo(1);
                assertThat(follower.swaps()).isEqualTo(2);
                assertThat(follower.failures()).isZero();
            }
        }
    }

    @Test
    void aMoveByAnotherProcessIsFoundByPolling() {
        Store shared = InMemoryStore.create().asStore();
        try (Registry here = Registry.open(shared); Registry elsewhere = Registry.open(shared)) {
            register(elsewhere, 1);
            register(elsewhere, 2);
            elsewhere.setAlias("fraud", "production", 1, "ci", "first release");
            try (Endpoint ep = Endpoint.builder("fraud").variant("prod", Models.load(here, "fraud", 1)).build();
                 AliasFollower follower = AliasFollower.builder(ep, "prod", here, "fraud", "production")
                         .pollInterval(Duration.ofMillis(20)).start()) {
                elsewhere.setAlias("fraud", "production", 2, "ci", "promote v2"); // no event reaches 'here'
                Awaitility.await().atMost(BOUND).until(() -> constantOf(ep.predict(ONE)) == 2f);
                elsewhere.rollback("fraud", "production", "ci", "back");
                Awaitility.await().atMost(BOUND).until(() -> constantOf(ep.predict(ONE)) == 1f);
                assertThat(follower.currentVersion()).isEqualTo(1);
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the followers work in the background while the body looks at the endpoints
    void endpointsFollowingTheSameVersionThroughACacheShareOneSession() {
        try (Registry r = Registry.inMemory(); ModelCache cache = ModelCache.builder().maximumSize(4).build()) {
            register(r, 3);
            r.setAlias("fraud", "production", 1, "test", "release");
            try (Endpoint a = Endpoint.builder("a").variant("prod", Models.load(r, "fraud", 1)).build();
                 Endpoint b = Endpoint.builder("b").variant("prod", Models.load(r, "fraud", 1)).build();
                 AliasFollower fa = AliasFollower.builder(a, "prod", r, "fraud", "production").cache(cache).start();
                 AliasFollower fb = AliasFollower.builder(b, "prod", r, "fraud", "production").cache(cache).start()) {
                assertThat(cache.size()).isEqualTo(1);
                assertThat(ModelProbes.referenceCount(a.model("prod"))).isEqualTo(3); // cache + endpoint a + endpoint b
                assertThat(constantOf(b.predict(ONE))).isEqualTo(3f);
            }
        }
    }

    @Test
    void closingTheFollowerStopsItsThread() {
        try (Registry r = Registry.inMemory()) {
            register(r, 1);
            r.setAlias("fraud", "staging", 1, "test", "release");
            try (Endpoint ep = Endpoint.builder("e").variant("s", Models.load(r, "fraud", 1)).build()) {
                AliasFollower f = AliasFollower.builder(ep, "s", r, "fraud", "staging").start();
                assertThat(EndpointShadowTest.threads("mlops-alias-fraud-staging")).isEqualTo(1);
                f.close();
                Awaitility.await().atMost(BOUND).until(() -> EndpointShadowTest.threads("mlops-alias-fraud-staging") == 0);
            }
            try (Endpoint x = Endpoint.builder("x").variant("s", Models.load(r, "fraud", 1)).build()) {
                assertThatThrownBy(() -> AliasFollower.builder(x, "s", r, "fraud", "nothing").start())
                        .isInstanceOf(RuntimeException.class);
                assertThat(EndpointShadowTest.threads("mlops-alias-fraud-nothing")).isZero();
            }
        }
    }
}
