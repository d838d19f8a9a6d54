package dev.mlops.registry.store;

import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.StoreUnavailableException;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;
import dev.mlops.registry.spi.tck.GeneratedContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file store beyond the compatibility kit: its documented layout, recovery rules and resource use. */
class FileStoreTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheDocumentedLayout(@TempDir Path dir) throws Exception {
        try (FileStore store = FileStore.open(dir)) {
            store.createIfAbsent("registry", "models/iris/versions/3", utf8("{\"a\":1}"));
            store.compareAndSet("registry", "models/iris/versions/3", 1, utf8("{\"a\":2}"));
            BlobInfo blob = store.put(new ByteArrayInputStream(utf8("abc")));

            assertThat(Files.readString(dir.resolve("mlops-store.json")))
                    .isEqualTo("{\"format\":\"mlops-file-store\",\"version\":1}\n");
            Path record = dir.resolve("records/registry/models.d/iris.d/versions.d/3.rec");
            // header: magic, format version, revision, length, CRC-32C of the document
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(utf8("{\"a\":2}"));
            assertThat(Files.readString(record)).isEqualTo(
                    String.format("mlops-record 1 2 7 %08x\n{\"a\":2}", crc.getValue()));
            assertThat(dir.resolve("blobs/sha256/ba/" + blob.digest().hex())).hasBinaryContent(utf8("abc"));
            assertThat(dir.resolve("locks")).isDirectory();
            try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
                assertThat(tmp).as("no temporary files after writes").isEmpty();
            }
        }
    }

    @Test
    void reopensAnExistingStoreWithItsContent(@TempDir Path dir) throws Exception {
        Digest digest;
        try (FileStore store = FileStore.open(dir)) {
            store.createIfAbsent("things", "a", utf8("x"));
            digest = store.put(new ByteArrayInputStream(utf8("payload"))).digest();
        }
        try (FileStore store = FileStore.open(dir)) {
            assertThat(store.get("things", "a")).map(VersionedRecord::documentAsString).contains("x");
            try (var in = store.get(digest)) {
                assertThat(in.readAllBytes()).isEqualTo(utf8("payload"));
            }
        }
    }

    @Test
    void usesTheClockForLastUsedMarksAsFileModificationTimes(@TempDir Path dir) throws Exception {
        Instant t = Instant.parse("2031-05-06T07:08:09.123Z");
        try (FileStore store = FileStore.builder(dir).clock(Clock.fixed(t, ZoneOffset.UTC)).build()) {
            BlobInfo info = store.put(new ByteArrayInputStream(utf8("abc")));
            assertThat(info.lastUsed()).isEqualTo(t);
            assertThat(Files.getLastModifiedTime(dir.resolve("blobs/sha256/ba/" + info.digest().hex())))
                    .isEqualTo(FileTime.from(t));
        }
    }

    @Test
    void removesTemporaryFilesOfDeadProcessesAndKeepsThoseOfLiveOnes(@TempDir Path dir) throws Exception {
        FileStore.open(dir).close();
        long live = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
        Path dead = Files.writeString(dir.resolve("tmp/2147483646-0a1b.tmp"), "half a blob");
        Path alive = Files.writeString(dir.resolve("tmp/" + live + "-0a1c.tmp"), "being written");
        Path ancient = Files.writeString(dir.resolve("tmp/junk"), "?");
        Files.setLastModifiedTime(ancient, FileTime.from(Instant.now().minusSeconds(3 * 86400)));
        Path recent = Files.writeString(dir.resolve("tmp/other"), "?");
        FileStore.open(dir).close();
        assertThat(dead).doesNotExist();
        assertThat(ancient).doesNotExist();
        assertThat(alive).exists();
        assertThat(recent).exists();
    }

    @Test
    void aFailedPutLeavesNoTemporaryFileAndBlamesTheInput(@TempDir Path dir) throws Exception {
        try (FileStore store = FileStore.open(dir)) {
            java.io.InputStream failing = new java.io.SequenceInputStream(new ByteArrayInputStream(new byte[3 << 20]),
                    new java.io.InputStream() {
                        @Override
                        public int read() throws java.io.IOException {
                            throw new java.io.IOException("connection reset");
                        }
                    });
            assertThatThrownBy(() -> store.put(failing)).isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("Reading the content to store failed (nothing was stored): connection reset");
            try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
                assertThat(tmp).isEmpty();
            }
            assertThat(store.list(null, 10).items()).isEmpty();
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void manyOpenersCreatingOneNewStoreAtOnceAllSucceed(@TempDir Path parent) throws Exception {
        Path dir = parent.resolve("fresh");
        for (int round = 0; round < 5; round++) {
            Path root = dir.resolve("r" + round);
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<FileStore>> opened = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                opened.add(pool.submit(() -> {
                    go.await();
                    return FileStore.open(root);
                }));
            }
            go.countDown();
            for (Future<FileStore> f : opened) {
                f.get(30, TimeUnit.SECONDS).close();
            }
            pool.shutdown();
            assertThat(Files.readString(root.resolve("mlops-store.json"))).contains("\"version\":1");
        }
    }

    @Test
    void refusesADirectoryThatIsNeitherEmptyNorAStore(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("thesis.tex"), "precious");
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("neither empty nor an mlops store")
                .hasMessageContaining("thesis.tex");
        assertThat(dir.resolve("records")).doesNotExist();
    }

    @Test
    void refusesAStoreWrittenByANewerFormat(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mlops-store.json"), "{\"format\":\"mlops-file-store\",\"version\":9}");
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("format version 9").hasMessageContaining("Upgrade mlops");
    }

    @Test
    void reportsARecordFileDamagedOutsideTheStore(@TempDir Path dir) throws Exception {
        try (FileStore store = FileStore.open(dir)) {
            store.createIfAbsent("things", "a", utf8("hello world"));
            Path file = dir.resolve("records/things/a.rec");
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 1] ^= 1;
            Files.write(file, bytes);
            assertThatThrownBy(() -> store.get("things", "a")).isInstanceOf(CorruptedContentException.class)
                    .hasMessageContaining("checksum");
            Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
            assertThatThrownBy(() -> store.get("things", "a")).isInstanceOf(CorruptedContentException.class)
                    .hasMessageContaining("expected a document of 11 bytes, found 8");
            Files.writeString(file, "");
            assertThatThrownBy(() -> store.get("things", "a")).isInstanceOf(CorruptedContentException.class);
        }
    }

    @Test
    void ignoresStrayFilesWhenListing(@TempDir Path dir) throws Exception {
        try (FileStore store = FileStore.open(dir)) {
            store.createIfAbsent("things", "a/b", utf8("x"));
            Files.writeString(dir.resolve("records/things/README.txt"), "notes");
            Files.writeString(dir.resolve("records/things/a.d/Bad Name.rec"), "?");
            Files.writeString(dir.resolve("blobs/sha256/README"), "notes");
            assertThat(store.list("things", "", null, 10).items()).containsExactly("a/b");
            assertThat(store.list(null, 10).items()).isEmpty();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void twoStoresOnOneDirectoryInOneJvmShareTheirLocks(@TempDir Path dir) throws Exception {
        FileStore first = FileStore.open(dir);
        FileStore second = FileStore.open(dir);
        try {
            first.createIfAbsent("c", "n", utf8("0"));
            int threads = 6;
            int perThread = 20;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                FileStore store = t % 2 == 0 ? first : second;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; ) {
                        VersionedRecord cur = store.get("c", "n").orElseThrow();
                        long v = Long.parseLong(cur.documentAsString());
                        if (store.compareAndSet("c", "n", cur.revision(), utf8(Long.toString(v + 1))).applied()) {
                            i++;
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(90, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(first.get("c", "n").orElseThrow().documentAsString()).isEqualTo(Integer.toString(threads * perThread));
            // closing one store leaves the other's locking intact
            second.close();
            assertThat(first.compareAndSet("c", "n", threads * perThread + 1, utf8("done")))
                    .isEqualTo(WriteResult.applied(threads * perThread + 2));
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void fsyncCanBeTurnedOffAndWritesStayAtomic(@TempDir Path dir) {
        try (FileStore store = FileStore.builder(dir).fsync(false).build()) {
            assertThat(store.createIfAbsent("c", "k", utf8("a"))).isEqualTo(WriteResult.applied(1));
            assertThat(store.compareAndSet("c", "k", 1, utf8("b"))).isEqualTo(WriteResult.applied(2));
            assertThat(store.get("c", "k")).map(VersionedRecord::documentAsString).contains("b");
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void streamsABlobEightTimesLargerThanTheChildJvmsHeap(@TempDir Path dir) throws Exception {
        long size = 256L << 20;
        Process child = ChildJvm.start(List.of("-Xmx32m"), "big-put", dir.toString(), Long.toString(size));
        String line;
        try (BufferedReader out = ChildJvm.stdout(child)) {
            line = out.readLine();
        } finally {
            assertThat(child.waitFor(100, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isZero();
        assertThat(line).isNotNull().startsWith("put ");
        String[] parts = line.split(" ");
        MessageDigest md = Digest.newMessageDigest();
        try (GeneratedContent in = new GeneratedContent(size, 1)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
            }
        }
        assertThat(parts[1]).isEqualTo(Digest.ofBytes(md.digest()).hex());
        assertThat(Long.parseLong(parts[2])).isEqualTo(size);
        assertThat(Long.parseLong(parts[3])).as("child max heap").isLessThan(size / 8 + 1);
        assertThat(dir.resolve("blobs/sha256/" + parts[1].substring(0, 2) + "/" + parts[1])).hasSize(size);
    }
}
