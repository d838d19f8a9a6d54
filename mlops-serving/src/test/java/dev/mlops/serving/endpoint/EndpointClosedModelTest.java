package dev.mlops.serving.endpoint;

import dev.mlops.serving.ModelClosedException;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.batch.BatchingOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.mlops.serving.EndpointTestModels.ONE;
import static dev.mlops.serving.EndpointTestModels.add;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * An application that closes a model its endpoint owns gets a fast, bounded failure naming the variant, not a request
 * that spins forever (issue 20, item 12).
 */
class EndpointClosedModelTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void predictOnAVariantWhoseModelTheApplicationClosedFailsFastNamingTheVariant() {
        try (Endpoint ep = Endpoint.builder("fraud").variant("prod", add(1)).build()) {
            ep.model("prod").close(); // the application closes what the endpoint owns
            assertTimeoutPreemptively(BOUND, () -> {
                assertThatThrownBy(() -> ep.predict(ONE)).isInstanceOf(ModelClosedException.class)
                        .hasMessageContaining("variant 'prod' of endpoint 'fraud'")
                        .satisfies(e -> {
                            ModelClosedException m = (ModelClosedException) e;
                            assertThat(m.endpoint()).contains("fraud");
                            assertThat(m.variant()).contains("prod");
                            assertThat(m.modelName()).isEqualTo("add1");
                        });
            });
            assertThat(ep.stats().variants().get("prod").errorCount()).isEqualTo(1);
        }
    }

    @Test
    void predictAsyncOnAClosedModelCompletesExceptionallyAtOnce() {
        try (Endpoint ep = Endpoint.builder("fraud").variant("prod", add(1)).build()) {
            ep.model("prod").close();
            assertTimeoutPreemptively(BOUND, () -> {
                CompletableFuture<Outputs> f = ep.predictAsync(ONE);
                assertThatThrownBy(() -> f.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ModelClosedException.class)
                        .hasMessageContaining("variant 'prod' of endpoint 'fraud'");
            });
        }
    }

    @Test
    void aBatchingVariantWhoseModelWasClosedFailsFastOnBothPaths() {
        BatchingOptions batching = BatchingOptions.builder().maxBatchRows(8).build();
        try (Endpoint ep = Endpoint.builder("fraud").variant("prod", add(1)).batching(batching).build()) {
            ep.model("prod").close();
            assertTimeoutPreemptively(BOUND, () -> {
                assertThatThrownBy(() -> ep.predict(ONE)).isInstanceOf(ModelClosedException.class)
                        .hasMessageContaining("variant 'prod' of endpoint 'fraud'");
                CompletableFuture<Outputs> f = ep.predictAsync(ONE);
                assertThatThrownBy(() -> f.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ModelClosedException.class)
                        .hasMessageContaining("variant 'prod' of endpoint 'fraud'");
            });
        }
    }

    @Test
    void otherVariantsKeepServingAndReplacingTheModelHeals() {
        try (Endpoint ep = Endpoint.builder("fraud").variant("a", add(1)).variant("b", add(2))
                .policy(dev.mlops.serving.routing.RoutingPolicy.single("a")).build()) {
            ep.model("b").close();
            assertThat(ep.predict(ONE).provenance().variant()).contains("a");
            assertTimeoutPreemptively(BOUND, () ->
                    assertThatThrownBy(() -> ep.predictOn("b", ONE)).isInstanceOf(ModelClosedException.class));
            ep.putVariant("b", add(3));
            assertThat(ep.predictOn("b", ONE).first().floatData()[0]).isEqualTo(4f);
        }
    }
}
