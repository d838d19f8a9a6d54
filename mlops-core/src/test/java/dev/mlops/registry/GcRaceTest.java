package dev.mlops.registry;

import dev.mlops.registry.maintenance.VerifyReport;

import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.store.InMemoryStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dvc#7610: gc must not delete what another thread or process is uploading. Old garbage is collected while uploads —
 * including re-uploads of the very bytes that are garbage — run at the same time from another thread and (for the file
 * store) another process; afterwards nothing committed is missing.
 */
class GcRaceTest {
    private static final int GARBAGE = 40;

    @Test
    void gcRacingUploadsFromAnotherThreadLosesNothingOnTheMemoryStore() throws Exception {
        MutableClock storeClock = new MutableClock(Instant.now().minus(Duration.ofHours(2)));
        Store store = InMemoryStore.create(storeClock).asStore();
        List<byte[]> garbage = makeGarbage(store);
        storeClock.set(Instant.now()); // later puts are fresh
        race(store, garbage, null);
    }

    @Test
    void gcRacingUploadsFromAnotherThreadAndAnotherProcessLosesNothingOnTheFileStore() throws Exception {
        assertThat(TestStores.hasFileStore()).isTrue();
        Path dir = TestStores.tempDir();
        String uri = TestStores.fileUri(dir);
        try (Store store = dev.mlops.registry.spi.Stores.open(uri)) {
            List<byte[]> garbage = makeGarbage(store);
            // the file store's last-used mark is the blob file's mtime (its documented layout): make the garbage old
            for (byte[] g : garbage) {
                String hex = Digest.sha256(g).hex();
                Path blob = dir.resolve("blobs/sha256/" + hex.substring(0, 2) + "/" + hex);
                assertThat(blob).exists();
                Files.setLastModifiedTime(blob, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            }
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    RegisterWorker.class.getName(), uri, "other-process", "2", "15")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                race(store, garbage, other);
            } finally {
                other.destroyForcibly();
            }
        }
    }

    private static List<byte[]> makeGarbage(Store store) {
        List<byte[]> garbage = new ArrayList<>();
        for (int i = 0; i < GARBAGE; i++) {
            byte[] b = ("garbage blob " + i).getBytes();
            BlobInfo info = store.blobs().put(new ByteArrayInputStream(b));
            assertThat(info.digest()).isEqualTo(Digest.sha256(b));
            garbage.add(b);
        }
        return garbage;
    }

    private static void race(Store store, List<byte[]> garbage, Process other) throws Exception {
        try (Registry reg = Registry.builder().store(store).gcGracePeriod(Duration.ofMinutes(10)).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            // the uploader re-registers the garbage bytes (the dangerous case) and fresh bytes, until gc is done
            Future<Integer> uploader = pool.submit(() -> {
                int n = 0;
                started.countDown();
                for (int i = 0; !stop.get() || i < garbage.size(); i++) {
                    byte[] bytes = i < garbage.size() && i % 2 == 0 ? garbage.get(i) : ("fresh " + i).getBytes();
                    reg.register("uploads").bytes(bytes).commit();
                    n++;
                    if (i > 400) {
                        break;
                    }
                }
                return n;
            });
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            long deleted = 0;
            for (int round = 0; round < 5; round++) {
                deleted += reg.maintenance().gc(false).deleted();
            }
            stop.set(true);
            int uploaded = uploader.get(120, TimeUnit.SECONDS);
            pool.shutdown();
            if (other != null) {
                assertThat(other.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(other.exitValue()).isZero();
            }
            reg.maintenance().gc(false);
            // nothing committed is missing, and everything committed reads back verified
            VerifyReport report = reg.maintenance().verify();
            assertThat(report.problems()).isEmpty();
            for (String model : other == null ? List.of("uploads") : List.of("uploads", "other-process")) {
                for (ModelVersion v : reg.versions(model)) {
                    try (InputStream in = reg.openArtifact(model, v.number())) {
                        assertThat(in.readAllBytes()).hasSize((int) v.artifact().size());
                    }
                }
            }
            assertThat(reg.latestNumber("uploads")).isEqualTo(uploaded);
            if (other != null) {
                assertThat(reg.latestNumber("other-process")).isEqualTo(30);
            }
            // the garbage nobody re-uploaded was collected
            long oddGarbageLeft = 0;
            for (int i = 1; i < garbage.size(); i += 2) {
                if (reg.blobs.exists(Digest.sha256(garbage.get(i)))) {
                    oddGarbageLeft++;
                }
            }
            assertThat(oddGarbageLeft).isZero();
            assertThat(deleted).isGreaterThanOrEqualTo(GARBAGE / 2);
        }
    }
}
