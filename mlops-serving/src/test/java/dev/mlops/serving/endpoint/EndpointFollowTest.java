package dev.mlops.serving.endpoint;

import dev.mlops.registry.Registry;
import dev.mlops.serving.ModelCache;
import dev.mlops.serving.Provenance;
import dev.mlops.serving.ServingException;
import dev.mlops.serving.routing.RoutingPolicy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static dev.mlops.serving.EndpointTestModels.ONE;
import static dev.mlops.serving.EndpointTestModels.addBytes;
import static dev.mlops.serving.EndpointTestModels.constantOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An endpoint built from an alias: loaded once, no fake swap, follows moves; awaitVersion instead of polling. */
class EndpointFollowTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    private static Registry registry() {
        Registry r = Registry.inMemory();
        for (int c = 1; c <= 3; c++) {
            r.register("fraud").bytes(addBytes(c)).fileName("model.onnx").commit();
        }
        r.setAlias("fraud", "production", 1, "test", "first release");
        r.setAlias("fraud", "staging", 2, "test", "candidate");
        return r;
    }

    /** Records swaps: a follow must not report one at start. */
    private static final class Swaps implements EndpointListener {
        final List<String> seen = new ArrayList<>();

        @Override
        public synchronized void onSwap(String variant, Provenance oldModel, Provenance newModel) {
            seen.add(variant + ":" + oldModel.model() + " v" + oldModel.version().getAsInt() + "->" + newModel.model()
                    + " v" + newModel.version().getAsInt());
        }
    }

    @Test
    void anEndpointStartsFromAnAliasLoadingItsVersionOnceAndFollowsItsMoves() throws InterruptedException {
        Swaps swaps = new Swaps();
        try (Registry r = registry();
             Endpoint ep = Endpoint.builder("fraud").follow(r, "fraud", "production").listener(swaps).build()) {
            assertThat(ep.variants()).containsExactly("production");
            assertThat(constantOf(ep.predict(ONE))).isEqualTo(1f);
            assertThat(ep.predict(ONE).provenance().version()).isEqualTo(OptionalInt.of(1));
            assertThat(swaps.seen).isEmpty(); // loaded once at build: no seed model, no fake swap
            assertThat(ep.stats().variant("production").swaps()).isZero();

            r.setAlias("fraud", "production", 3, "test", "promote v3");
            assertThat(ep.awaitVersion("production", 3, BOUND)).isTrue();
            assertThat(constantOf(ep.predict(ONE))).isEqualTo(3f);
            assertThat(ep.followers()).singleElement().satisfies(f -> assertThat(f.currentVersion()).isEqualTo(3));
            assertThat(swaps.seen).containsExactly("production:fraud v1->fraud v3");
            assertThat(ep.awaitVersion("production", 2, Duration.ofMillis(50))).isFalse();
        }
    }

    @Test
    void eachVariantMayFollowItsOwnAliasBehindAPolicy() throws InterruptedException {
        try (Registry r = registry();
             Endpoint ep = Endpoint.builder("fraud")
                     .follow("stable", r, "fraud", "production")
                     .follow("canary", r, "fraud", "staging")
                     .policy(RoutingPolicy.canary("stable", "canary", 0.1)).random(() -> 0.95)
                     .build()) {
            assertThat(ep.predict(ONE).provenance().variant()).contains("canary");
            assertThat(ep.predict(ONE).provenance().version()).isEqualTo(OptionalInt.of(2));
            assertThat(ep.predictOn("stable", ONE).provenance().version()).isEqualTo(OptionalInt.of(1));
            r.setAlias("fraud", "staging", 3, "test", "next candidate");
            assertThat(ep.awaitVersion("canary", 3, BOUND)).isTrue();
            assertThat(constantOf(ep.predict(ONE))).isEqualTo(3f);
        }
        // closing the endpoint stopped its followers' threads
        Awaitility.await().atMost(BOUND).until(() -> EndpointShadowTest.threads("mlops-alias-fraud-") == 0);
    }

    @Test
    void cachedModelsKeepTheirRegistryNameAndVersion() {
        try (Registry r = registry();
             ModelCache cache = ModelCache.builder().maximumSize(4).build();
             Endpoint a = Endpoint.builder("a").follow(r, "fraud", "production").followCache(cache).build();
             Endpoint b = Endpoint.builder("b").follow(r, "fraud", "production").followCache(cache).build()) {
            assertThat(cache.size()).isEqualTo(1);
            assertThat(a.model("production").provenance().model()).isEqualTo("fraud");
            assertThat(a.model("production").provenance().version()).isEqualTo(OptionalInt.of(1));
            assertThat(b.predict(ONE).provenance().toString()).startsWith("endpoint=b variant=production model=fraud "
                    + "version=1 digest=sha256:");
        }
    }

    @Test
    void anAliasThatPointsNowhereFailsTheBuildClearly() {
        try (Registry r = registry()) {
            assertThatThrownBy(() -> Endpoint.builder("fraud").follow(r, "fraud", "nightly").build())
                    .isInstanceOf(ServingException.class)
                    .hasMessage("alias 'nightly' of model 'fraud' does not point at a version; set it before endpoint "
                            + "'fraud' follows it");
            assertThatThrownBy(() -> Endpoint.builder("fraud").follow(r, "fraud", "production")
                    .follow("production", r, "fraud", "staging")).isInstanceOf(IllegalStateException.class);
        }
    }
}
