package dev.mlops.registry;

import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.maintenance.GcReport;
import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.store.InMemoryStore;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The gc grace period has a safe minimum, and gc never deletes a blob a committed record references. */
class GcGracePeriodTest {

    @Test
    void aGracePeriodBelowOneMinuteIsRefusedUnlessTestsAskForIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> Registry.builder().store(InMemoryStore.create().asStore())
                        .gcGracePeriod(Duration.ZERO).build())
                .withMessageContaining("at least PT1M").withMessageContaining("found PT0S")
                .withMessageContaining("allowUnsafeGcGracePeriodForTests()");
        assertThatIllegalArgumentException().isThrownBy(() -> Registry.builder().store(InMemoryStore.create().asStore())
                .gcGracePeriod(Duration.ofSeconds(59)).build()).withMessageContaining("found PT59S");
        assertThatIllegalArgumentException().isThrownBy(() -> Registry.builder().gcGracePeriod(Duration.ofSeconds(-1)))
                .withMessageContaining("PT-1S");
        try (Registry r = Registry.builder().store(InMemoryStore.create().asStore())
                .gcGracePeriod(Duration.ofMinutes(1)).build()) {
            assertThat(r.maintenance().gc(true).deleted()).isZero();
        }
        try (Registry r = Registry.builder().store(InMemoryStore.create().asStore()).allowUnsafeGcGracePeriodForTests()
                .gcGracePeriod(Duration.ZERO).build()) {
            assertThat(r.maintenance().gc(true).deleted()).isZero();
        }
    }

    /**
     * A registration whose upload is old (a slow directory upload, a stalled process) commits while gc lists the
     * blobs: the first mark did not see the version, but gc re-reads the references after listing and keeps the blob.
     */
    @Test
    void aVersionCommittedWhileGcListsBlobsKeepsItsOldArtifact() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
        InMemoryStore mem = InMemoryStore.create(clock);
        AtomicBoolean versionsHidden = new AtomicBoolean();
        RecordStore records = hidingVersions(mem, versionsHidden);
        BlobStore blobs = onFirstList(mem, () -> versionsHidden.set(false)); // the commit lands mid-collection
        Store store = Store.of(records, blobs, "race");
        byte[] model = "an old upload, committed late".getBytes();
        byte[] garbage = "an abandoned upload".getBytes();
        try (Registry reg = Registry.builder().store(store).clock(clock).gcGracePeriod(Duration.ofMinutes(10)).build()) {
            reg.register("late").bytes(model).by("ci").commit();
            mem.put(new java.io.ByteArrayInputStream(garbage));
            clock.advance(Duration.ofHours(2));
            versionsHidden.set(true); // as if version 1 were committed only after gc's first mark
            GcReport report = reg.maintenance().gc(false);
            assertThat(report.deleted()).isEqualTo(1); // the abandoned upload only
            assertThat(mem.exists(Digest.sha256(model))).isTrue();
            assertThat(mem.exists(Digest.sha256(garbage))).isFalse();
            try (InputStream in = reg.openArtifact("late", 1)) {
                assertThat(in.readAllBytes()).isEqualTo(model);
            }
            assertThat(reg.maintenance().verify().problems()).isEmpty();
        }
    }

    private static RecordStore hidingVersions(RecordStore real, AtomicBoolean hidden) {
        return (RecordStore) Proxy.newProxyInstance(RecordStore.class.getClassLoader(), new Class<?>[] {RecordStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("list") && Keys.VERSIONS.equals(args[0]) && hidden.get()) {
                        return new Page<String>(List.of(), null);
                    }
                    return invoke(real, method, args);
                });
    }

    private static BlobStore onFirstList(BlobStore real, Runnable hook) {
        AtomicBoolean done = new AtomicBoolean();
        return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class},
                (proxy, method, args) -> {
                    Object out = invoke(real, method, args);
                    if (method.getName().equals("list") && done.compareAndSet(false, true)) {
                        hook.run();
                    }
                    return out;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
