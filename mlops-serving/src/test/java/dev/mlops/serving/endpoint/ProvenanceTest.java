package dev.mlops.serving.endpoint;

import dev.mlops.registry.Registry;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Provenance;
import dev.mlops.serving.batch.BatchingOptions;
import dev.mlops.serving.routing.OutputComparator;
import dev.mlops.serving.routing.RoutingPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.mlops.serving.EndpointTestModels.ONE;
import static dev.mlops.serving.EndpointTestModels.add;
import static dev.mlops.serving.EndpointTestModels.addBytes;
import static dev.mlops.serving.EndpointTestModels.constantOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Every result says who answered: endpoint, variant, model, version, digest, and whether it was a shadow. */
class ProvenanceTest {

    private static Registry registryWithTwoVersions() {
        Registry r = Registry.inMemory();
        r.register("fraud").bytes(addBytes(1)).fileName("model.onnx").commit();
        r.register("fraud").bytes(addBytes(2)).fileName("model.onnx").commit();
        return r;
    }

    @Test
    void aModelLoadedFromBytesNamesItselfWithoutVersionOrDigest() {
        try (LoadedModel m = add(3)) {
            Provenance p = m.predict(ONE).provenance();
            assertThat(p.model()).isEqualTo("add3");
            assertThat(p.version()).isEmpty();
            assertThat(p.digest()).isEmpty();
            assertThat(p.endpoint()).isEmpty();
            assertThat(p.variant()).isEmpty();
            assertThat(p.isShadow()).isFalse();
        }
    }

    @Test
    void aRegistryModelThroughAnEndpointNamesEndpointVariantModelVersionAndDigest() {
        try (Registry r = registryWithTwoVersions();
             Endpoint ep = Endpoint.builder("scoring")
                     .variant("stable", Models.load(r, "fraud", 1))
                     .variant("canary", Models.load(r, "fraud", 2))
                     .policy(RoutingPolicy.canary("stable", "canary", 0.5))
                     .random(() -> 0.9) // always the canary
                     .build()) {
            Outputs out = ep.predict(ONE);
            Provenance p = out.provenance();
            assertThat(constantOf(out)).isEqualTo(2f);
            assertThat(p.endpoint()).contains("scoring");
            assertThat(p.variant()).contains("canary");
            assertThat(p.model()).isEqualTo("fraud");
            assertThat(p.version()).isEqualTo(OptionalInt.of(2));
            assertThat(p.digest()).contains(r.version("fraud", 2).artifact().digest().toString());
            assertThat(p.digest().orElseThrow()).startsWith("sha256:");
            assertThat(p.isShadow()).isFalse();
            assertThat(p.toString()).isEqualTo("endpoint=scoring variant=canary model=fraud version=2 digest="
                    + r.version("fraud", 2).artifact().digest() + " shadow=false");
            assertThat(ep.predictOn("stable", ONE).provenance().version()).isEqualTo(OptionalInt.of(1));
            // precomputed per variant: the same object for every request (no allocation per request)
            assertThat(ep.predict(ONE).provenance()).isSameAs(p);
        }
    }

    @Test
    void asynchronousAndBatchedResultsCarryTheVariantsProvenance() throws Exception {
        BatchingOptions batching = BatchingOptions.builder().maxBatchRows(8).maxDelay(Duration.ofMillis(1)).build();
        try (Registry r = registryWithTwoVersions();
             Endpoint ep = Endpoint.builder("scoring").variant("v", Models.load(r, "fraud", 2)).batching(batching)
                     .build()) {
            CompletableFuture<Outputs> a = ep.predictAsync(ONE);
            CompletableFuture<Outputs> b = ep.predictAsync(ONE);
            for (Outputs out : new Outputs[]{a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS), ep.predict(ONE)}) {
                assertThat(out.provenance().endpoint()).contains("scoring");
                assertThat(out.provenance().variant()).contains("v");
                assertThat(out.provenance().version()).isEqualTo(OptionalInt.of(2));
                assertThat(out.provenance().isShadow()).isFalse();
            }
        }
    }

    @Test
    void aShadowsOwnResultSaysItIsAShadowWhileTheCallerGetsThePrimarys() throws Exception {
        AtomicReference<Provenance> primarySeen = new AtomicReference<>();
        AtomicReference<Provenance> shadowSeen = new AtomicReference<>();
        CountDownLatch compared = new CountDownLatch(1);
        OutputComparator recording = (primary, shadow) -> {
            primarySeen.set(primary.provenance());
            shadowSeen.set(shadow.provenance());
            compared.countDown();
            return new OutputComparator.Comparison(true, 0, "");
        };
        try (Registry r = registryWithTwoVersions();
             Endpoint ep = Endpoint.builder("scoring")
                     .variant("prod", Models.load(r, "fraud", 1))
                     .variant("challenger", Models.load(r, "fraud", 2))
                     .policy(RoutingPolicy.shadow(RoutingPolicy.single("prod"), 1.0, "challenger")
                             .withComparator(recording))
                     .build()) {
            Outputs out = ep.predict(ONE);
            assertThat(out.provenance().variant()).contains("prod");
            assertThat(out.provenance().isShadow()).isFalse();
            assertThat(compared.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(primarySeen.get()).isSameAs(out.provenance());
            assertThat(shadowSeen.get().variant()).contains("challenger");
            assertThat(shadowSeen.get().version()).isEqualTo(OptionalInt.of(2));
            assertThat(shadowSeen.get().isShadow()).isTrue();
        }
    }
}
