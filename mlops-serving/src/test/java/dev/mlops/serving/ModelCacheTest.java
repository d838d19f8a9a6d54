package dev.mlops.serving;

import dev.mlops.serving.endpoint.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mlops.serving.EndpointTestModels.ONE;
import static dev.mlops.serving.EndpointTestModels.addBytes;
import static dev.mlops.serving.EndpointTestModels.constantOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The loaded-model cache shares one session per digest and closes evicted sessions only after draining. */
class ModelCacheTest {

    @Test
    void twoAcquiresOfOneDigestShareOneSession() {
        AtomicInteger loads = new AtomicInteger();
        try (ModelCache cache = ModelCache.builder().maximumSize(4).build()) {
            LoadedModel a = cache.acquire("sha256:aaaa", () -> {
                loads.incrementAndGet();
                return addBytes(1);
            });
            LoadedModel b = cache.acquire("sha256:aaaa", () -> {
                loads.incrementAndGet();
                return addBytes(1);
            });
            assertThat(loads.get()).isEqualTo(1);
            assertThat(a).isNotSameAs(b);
            assertThat(a.referenceCount()).isEqualTo(3); // the cache's handle + a + b
            assertThat(constantOf(b.predict(ONE))).isEqualTo(1f);
            a.close();
            b.close();
            assertThat(a.isReleased()).isFalse();
        }
    }

    @Test
    void anEvictedModelKeepsServingItsHandlesAndClosesAfterTheLast() throws Exception {
        try (ModelCache cache = ModelCache.builder().maximumSize(1).build()) {
            LoadedModel first = cache.acquire("sha256:one", () -> addBytes(1));
            LoadedModel second = cache.acquire("sha256:two", () -> addBytes(2));
            assertThat(cache.size()).isEqualTo(1);
            assertThat(cache.contains("sha256:one")).isFalse();
            assertThat(constantOf(first.predict(ONE))).isEqualTo(1f);
            assertThat(first.isReleased()).isFalse();
            first.close();
            first.whenReleased().toCompletableFuture().get(10, TimeUnit.SECONDS);
            second.close();
            assertThat(second.isReleased()).isFalse(); // the cache still holds it
        }
    }

    @Test
    void aCachedModelCanBackEndpointVariants() {
        try (ModelCache cache = ModelCache.builder().maximumWeightBytes(1 << 20).build();
             Endpoint one = Endpoint.builder("e1").variant("v", cache.acquire("sha256:x", () -> addBytes(3))).build();
             Endpoint two = Endpoint.builder("e2").variant("v", cache.acquire("sha256:x", () -> addBytes(3))).build()) {
            assertThat(constantOf(one.predict(ONE))).isEqualTo(3f);
            assertThat(constantOf(two.predict(ONE))).isEqualTo(3f);
            assertThat(one.model("v").referenceCount()).isEqualTo(3);
        }
    }
}
