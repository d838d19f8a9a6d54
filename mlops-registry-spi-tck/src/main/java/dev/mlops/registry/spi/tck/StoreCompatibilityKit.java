package dev.mlops.registry.spi.tck;

import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.InvalidNameException;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.StoreUnavailableException;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The compatibility kit for storage plugins: every promise of {@link BlobStore} and {@link RecordStore} as JUnit 5
 * tests and jqwik properties. A plugin author adds {@code mlops-registry-spi-tck} in test scope and writes
 *
 * <pre>{@code
 * class MyStoreCompatibilityTest extends StoreCompatibilityKit {
 *     @Override
 *     protected Store openStore(KitContext context) {
 *         return MyStore.open(context.temporaryDirectory(), context.clock());
 *     }
 * }
 * }</pre>
 *
 * <p>The kit is flat (no {@code @Nested} classes), so each store's results are reported under its own test class.
 * Every test opens a fresh, empty store through {@link #openStore} and closes it afterwards; the store must use
 * {@link KitContext#clock()} for last-used marks. Optional capabilities (the {@link #corrupter() corrupter}, which the
 * subclass supplies) that a store lacks make the tests that need them <em>skipped</em>, never passed. The test
 * {@link #everyPropertyOfTheKitRunsAndPasses()} runs the jqwik properties once more through the jqwik engine and fails
 * when any of them did not run (see {@link PropertyRunCheck}).
 *
 * <p>Knobs: {@link #largeBlobSize()}, {@link #contendingThreads()}, {@link #incrementsPerThread()}.
 * Not thread-safe itself (one instance per test, as JUnit makes them); it calls the store from many threads.
 */
public abstract class StoreCompatibilityKit {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
    /** SHA-256("abc"), the FIPS 180-2 test vector. */
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private KitContext context;
    private Store store;

    /**
     * Opens a fresh, empty store for one test. It must take last-used marks from {@code context.clock()}; a store
     * that keeps files should put them in {@code context.temporaryDirectory()}.
     */
    protected abstract Store openStore(KitContext context);

    /**
     * A hook that damages the stored content of the store of the current test (see {@link #blobs()}), for the
     * corruption tests; default empty, which reports those tests as skipped (never as passed). Subclasses that can
     * reach the store's storage (its files, tables or objects) supply one.
     */
    protected Optional<BlobCorrupter> corrupter() {
        return Optional.empty();
    }

    /** The size of the blob the streaming test puts and reads back (default 32 MiB); raise it for disk stores. */
    protected long largeBlobSize() {
        return 32L << 20;
    }

    /** Threads racing in the contention tests (default 8). */
    protected int contendingThreads() {
        return 8;
    }

    /** Successful compare-and-set increments each racing thread makes (default 25). */
    protected int incrementsPerThread() {
        return 25;
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    @BeforeEach
    @BeforeProperty
    final void openFreshStore() {
        context = new KitContext();
        store = openStore(context);
        assertThat(store).as("openStore(context) returned null").isNotNull();
    }

    @AfterEach
    @AfterProperty
    final void closeStore() {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            store = null;
            context.close();
        }
    }

    /** The store under test (its records half). */
    protected final RecordStore records() {
        return store.records();
    }

    /** The store under test (its blobs half). */
    protected final BlobStore blobs() {
        return store.blobs();
    }

    /** The clock handed to the store. */
    protected final KitClock clock() {
        return context.clock();
    }

    // ------------------------------------------------------------------------------------------ the run check

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @DisplayName("every jqwik property of the kit runs and passes against this store")
    void everyPropertyOfTheKitRunsAndPasses() {
        PropertyRunCheck.verify(getClass());
    }

    // ------------------------------------------------------------------------------------------ blobs

    @Test
    @DisplayName("a blob put returns the SHA-256 of its bytes and their size")
    void blobPutReturnsDigestAndSize() {
        BlobInfo info = blobs().put(new ByteArrayInputStream(ABC));
        assertThat(info.digest().hex()).isEqualTo(ABC_SHA256);
        assertThat(info.size()).isEqualTo(3);
        assertThat(blobs().exists(info.digest())).isTrue();
        assertThat(blobs().stat(info.digest())).map(BlobInfo::size).contains(3L);
    }

    @Test
    @DisplayName("a blob reads back exactly the bytes that were put")
    void blobReadsBackItsBytes() throws IOException {
        BlobInfo info = blobs().put(new ByteArrayInputStream(ABC));
        try (InputStream in = blobs().get(info.digest())) {
            assertThat(in.readAllBytes()).isEqualTo(ABC);
        }
    }

    @Test
    @DisplayName("an empty blob is stored under the digest of no bytes")
    void emptyBlobIsStored() throws IOException {
        BlobInfo info = blobs().put(new ByteArrayInputStream(new byte[0]));
        // sha256 of the empty string
        assertThat(info.digest().hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(info.size()).isZero();
        try (InputStream in = blobs().get(info.digest())) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    @DisplayName("a put with the digest the caller knows stores the content when it matches")
    void putWithKnownDigestStoresMatchingContent() throws IOException {
        BlobInfo info = blobs().put(new ByteArrayInputStream(ABC), Digest.parse(ABC_SHA256));
        assertThat(info.digest().hex()).isEqualTo(ABC_SHA256);
        assertThat(info.size()).isEqualTo(3);
        try (InputStream in = blobs().get(info.digest())) {
            assertThat(in.readAllBytes()).isEqualTo(ABC);
        }
    }

    @Test
    @DisplayName("a put whose content does not match the given digest fails and stores nothing")
    void putWithWrongDigestStoresNothing() {
        Digest claimed = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> blobs().put(new ByteArrayInputStream(ABC), claimed))
                .isInstanceOf(CorruptedContentException.class)
                .hasMessageContaining(claimed.toString());
        assertThat(blobs().exists(claimed)).isFalse();
        assertThat(blobs().exists(Digest.parse(ABC_SHA256))).isFalse();
        assertThat(blobs().list(null, 100).items()).isEmpty();
    }

    @Test
    @DisplayName("a put whose input stream fails midway stores nothing")
    void putFromAFailingStreamStoresNothing() {
        byte[] content = content(200_000, 12);
        InputStream failing = new InputStream() {
            private final InputStream data = new ByteArrayInputStream(content, 0, 150_000);

            @Override
            public int read() throws IOException {
                int b = data.read();
                if (b < 0) {
                    throw new IOException("network gone");
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = data.read(b, off, len);
                if (n < 0) {
                    throw new IOException("network gone");
                }
                return n;
            }
        };
        assertThatThrownBy(() -> blobs().put(failing)).isInstanceOf(RuntimeException.class);
        assertThat(blobs().list(null, 10).items()).isEmpty();
        assertThat(blobs().exists(Digest.sha256(content))).isFalse();
        assertThat(blobs().exists(Digest.sha256(Arrays.copyOf(content, 150_000)))).isFalse();
        // the store still works afterwards
        assertThat(blobs().put(new ByteArrayInputStream(content)).digest()).isEqualTo(Digest.sha256(content));
    }

    @Test
    @DisplayName("putting the same content twice stores it once")
    void putIsIdempotent() {
        BlobInfo first = blobs().put(new ByteArrayInputStream(ABC));
        BlobInfo second = blobs().put(new ByteArrayInputStream(ABC));
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.size()).isEqualTo(first.size());
        assertThat(blobs().list(null, 100).items()).extracting(BlobInfo::digest).containsExactly(first.digest());
    }

    @Test
    @DisplayName("a put stamps the last-used mark from the store's clock and a repeated put refreshes it")
    void repeatedPutRefreshesLastUsed() {
        Instant t0 = clock().instant();
        BlobInfo first = blobs().put(new ByteArrayInputStream(ABC));
        assertThat(first.lastUsed()).isEqualTo(t0);
        assertThat(blobs().stat(first.digest())).map(BlobInfo::lastUsed).contains(t0);

        clock().advance(Duration.ofHours(1));
        Instant t1 = clock().instant();
        BlobInfo second = blobs().put(new ByteArrayInputStream(ABC));
        assertThat(second.lastUsed()).isEqualTo(t1);
        assertThat(blobs().stat(first.digest())).map(BlobInfo::lastUsed).contains(t1);
        assertThat(blobs().list(null, 10).items()).extracting(BlobInfo::lastUsed).containsExactly(t1);
    }

    @Test
    @DisplayName("a repeated put with a known digest refreshes the last-used mark too")
    void repeatedPutWithKnownDigestRefreshesLastUsed() {
        BlobInfo first = blobs().put(new ByteArrayInputStream(ABC));
        clock().advance(Duration.ofDays(2));
        Instant t1 = clock().instant();
        BlobInfo again = blobs().put(new ByteArrayInputStream(ABC), first.digest());
        assertThat(again.lastUsed()).isEqualTo(t1);
        assertThat(again.size()).isEqualTo(3);
        assertThat(blobs().stat(first.digest())).map(BlobInfo::lastUsed).contains(t1);
    }

    @Test
    @DisplayName("a missing blob does not exist, has no stat, cannot be read and is not deleted")
    void missingBlobBehaviour() {
        Digest missing = Digest.parse(ABC_SHA256);
        assertThat(blobs().exists(missing)).isFalse();
        assertThat(blobs().stat(missing)).isEmpty();
        assertThatThrownBy(() -> blobs().get(missing)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(ABC_SHA256);
        assertThat(blobs().delete(missing)).isFalse();
    }

    @Test
    @DisplayName("delete removes a blob and reports whether it existed")
    void deleteRemovesBlob() {
        BlobInfo info = blobs().put(new ByteArrayInputStream(ABC));
        assertThat(blobs().delete(info.digest())).isTrue();
        assertThat(blobs().exists(info.digest())).isFalse();
        assertThat(blobs().delete(info.digest())).isFalse();
        assertThat(blobs().list(null, 10).items()).isEmpty();
    }

    @Test
    @DisplayName("blobs are listed once each in ascending digest order, page by page")
    void blobsAreListedInDigestOrder() {
        TreeSet<Digest> expected = new TreeSet<>();
        for (int i = 0; i < 23; i++) {
            expected.add(blobs().put(new ByteArrayInputStream(("blob " + i).getBytes(StandardCharsets.UTF_8))).digest());
        }
        List<Digest> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<BlobInfo> page = blobs().list(token, 5);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(5);
            page.items().forEach(b -> seen.add(b.digest()));
            token = page.nextPageToken();
            pages++;
        } while (token != null);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isBetween(5, 6);
    }

    @Test
    @DisplayName("a page limit outside 1-10000 is refused")
    void pageLimitIsChecked() {
        assertThatThrownBy(() -> blobs().list(null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> records().list("things", "", null, 10_001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("a large blob streams in and out and verifies")
    void largeBlobStreams() throws IOException {
        long size = largeBlobSize();
        Digest expected = digestOf(new GeneratedContent(size, 42));
        BlobInfo info = blobs().put(new GeneratedContent(size, 42));
        assertThat(info.digest()).isEqualTo(expected);
        assertThat(info.size()).isEqualTo(size);
        assertThat(blobs().stat(expected)).map(BlobInfo::size).contains(size);
        try (InputStream in = blobs().get(expected)) {
            assertThat(digestOf(in)).isEqualTo(expected);
        }
        // the known-digest form streams too, and a second put of the same content stores nothing new
        BlobInfo again = blobs().put(new GeneratedContent(size, 42), expected);
        assertThat(again.size()).isEqualTo(size);
        assertThat(blobs().list(null, 10).items()).hasSize(1);
    }

    // corruption (needs the optional corrupter)

    @Test
    @DisplayName("a blob whose bytes were changed in place fails to read with CorruptedContentException")
    void corruptedBlobIsDetected() {
        assertCorruptionDetected(bytes -> bytes[bytes.length / 2] ^= 0x01, 1000);
    }

    @Test
    @DisplayName("a truncated blob fails to read with CorruptedContentException")
    void truncatedBlobIsDetected() {
        BlobCorrupter corrupter = corrupterOrSkip();
        byte[] content = content(1000, 7);
        BlobInfo info = blobs().put(new ByteArrayInputStream(content));
        corrupter.corrupt(info.digest(), Arrays.copyOf(content, 999));
        assertThatThrownBy(() -> readAll(info.digest())).isInstanceOf(CorruptedContentException.class)
                .hasMessageContaining(info.digest().toString());
    }

    @Test
    @DisplayName("a blob with bytes appended fails to read with CorruptedContentException")
    void extendedBlobIsDetected() {
        BlobCorrupter corrupter = corrupterOrSkip();
        byte[] content = content(1000, 8);
        BlobInfo info = blobs().put(new ByteArrayInputStream(content));
        corrupter.corrupt(info.digest(), Arrays.copyOf(content, 1001));
        assertThatThrownBy(() -> readAll(info.digest())).isInstanceOf(CorruptedContentException.class);
    }

    @Test
    @DisplayName("a blob emptied behind the store's back fails to read with CorruptedContentException")
    void emptiedBlobIsDetected() {
        BlobCorrupter corrupter = corrupterOrSkip();
        BlobInfo info = blobs().put(new ByteArrayInputStream(content(10, 9)));
        corrupter.corrupt(info.digest(), new byte[0]);
        assertThatThrownBy(() -> readAll(info.digest())).isInstanceOf(CorruptedContentException.class);
    }

    @Test
    @DisplayName("a put of content whose stored copy was damaged replaces the copy with the good bytes")
    void putRepairsADamagedBlob() {
        BlobCorrupter corrupter = corrupterOrSkip();
        byte[] content = content(5000, 21);
        BlobInfo info = blobs().put(new ByteArrayInputStream(content));
        byte[] flipped = content.clone();
        flipped[4321] ^= 0x40;
        corrupter.corrupt(info.digest(), flipped);
        assertThatThrownBy(() -> readAll(info.digest())).isInstanceOf(CorruptedContentException.class);
        BlobInfo again = blobs().put(new ByteArrayInputStream(content));
        assertThat(again.digest()).isEqualTo(info.digest());
        assertThat(again.size()).isEqualTo(5000);
        assertThat(readAll(info.digest())).isEqualTo(content);
        assertThat(blobs().stat(info.digest()).orElseThrow().size()).isEqualTo(5000);
    }

    @Test
    @DisplayName("a put with a known digest does not trust a damaged stored copy: it stores the good bytes")
    void putWithDigestRepairsADamagedBlob() {
        BlobCorrupter corrupter = corrupterOrSkip();
        byte[] content = content(3000, 22);
        BlobInfo info = blobs().put(new ByteArrayInputStream(content));
        corrupter.corrupt(info.digest(), Arrays.copyOf(content, 1234)); // truncated
        BlobInfo again = blobs().put(new ByteArrayInputStream(content), info.digest());
        assertThat(again.size()).isEqualTo(3000);
        assertThat(readAll(info.digest())).isEqualTo(content);
        // and a damaged copy of the same length (a swapped pair of bytes) is repaired too
        byte[] swapped = content.clone();
        byte t = swapped[10];
        swapped[10] = swapped[2000];
        swapped[2000] = t;
        if (!Arrays.equals(swapped, content)) {
            corrupter.corrupt(info.digest(), swapped);
            blobs().put(new ByteArrayInputStream(content), info.digest());
            assertThat(readAll(info.digest())).isEqualTo(content);
        }
    }

    private void assertCorruptionDetected(Consumer<byte[]> damage, int size) {
        BlobCorrupter corrupter = corrupterOrSkip();
        byte[] content = content(size, 3);
        BlobInfo info = blobs().put(new ByteArrayInputStream(content));
        byte[] damaged = content.clone();
        damage.accept(damaged);
        corrupter.corrupt(info.digest(), damaged);
        assertThatThrownBy(() -> readAll(info.digest())).isInstanceOf(CorruptedContentException.class)
                .hasMessageContaining(info.digest().toString());
    }

    private BlobCorrupter corrupterOrSkip() {
        Optional<BlobCorrupter> c = corrupter();
        assumeThat(c).as("this store offers no corrupter hook, so corruption tests are skipped").isPresent();
        return c.get();
    }

    // ------------------------------------------------------------------------------------------ records

    @Test
    @DisplayName("create-if-absent creates revision 1 and then refuses with the current revision")
    void createIfAbsentCreatesOnce() {
        WriteResult first = records().createIfAbsent("things", "a/b", doc("one"));
        assertThat(first).isEqualTo(WriteResult.applied(1));
        WriteResult second = records().createIfAbsent("things", "a/b", doc("two"));
        assertThat(second).isEqualTo(WriteResult.rejected(1));
        assertThat(records().get("things", "a/b")).map(VersionedRecord::documentAsString).contains("one");
    }

    @Test
    @DisplayName("compare-and-set applies only on the expected revision and counts up by one")
    void compareAndSetAppliesOnExpectedRevision() {
        records().createIfAbsent("things", "k", doc("v1"));
        assertThat(records().compareAndSet("things", "k", 1, doc("v2"))).isEqualTo(WriteResult.applied(2));
        assertThat(records().compareAndSet("things", "k", 1, doc("stale"))).isEqualTo(WriteResult.rejected(2));
        assertThat(records().compareAndSet("things", "k", 3, doc("future"))).isEqualTo(WriteResult.rejected(2));
        assertThat(records().compareAndSet("things", "k", 2, doc("v3"))).isEqualTo(WriteResult.applied(3));
        VersionedRecord r = records().get("things", "k").orElseThrow();
        assertThat(r.revision()).isEqualTo(3);
        assertThat(r.documentAsString()).isEqualTo("v3");
        assertThat(r.key()).isEqualTo("k");
    }

    @Test
    @DisplayName("compare-and-set on an absent record is refused with revision 0")
    void compareAndSetOnAbsentRecordIsRefused() {
        assertThat(records().compareAndSet("things", "nothing", 0, doc("x"))).isEqualTo(WriteResult.rejected(0));
        assertThat(records().compareAndSet("things", "nothing", 1, doc("x"))).isEqualTo(WriteResult.rejected(0));
        assertThat(records().get("things", "nothing")).isEmpty();
    }

    @Test
    @DisplayName("delete removes a record only at the expected revision, and a new create starts at 1 again")
    void deleteWithRevision() {
        records().createIfAbsent("things", "k", doc("v1"));
        records().compareAndSet("things", "k", 1, doc("v2"));
        assertThat(records().delete("things", "k", 1)).isFalse();
        assertThat(records().get("things", "k")).isPresent();
        assertThat(records().delete("things", "k", 2)).isTrue();
        assertThat(records().get("things", "k")).isEmpty();
        assertThat(records().delete("things", "k", 2)).isFalse();
        assertThat(records().createIfAbsent("things", "k", doc("again"))).isEqualTo(WriteResult.applied(1));
    }

    @Test
    @DisplayName("documents are opaque bytes: binary, empty and maximum-size documents come back unchanged")
    void documentsAreOpaqueBytes() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        records().createIfAbsent("things", "binary", binary);
        records().createIfAbsent("things", "empty", new byte[0]);
        byte[] max = content(RecordStore.MAX_DOCUMENT_SIZE, 5);
        records().createIfAbsent("things", "max", max);
        assertThat(records().get("things", "binary").orElseThrow().document()).isEqualTo(binary);
        assertThat(records().get("things", "empty").orElseThrow().document()).isEmpty();
        assertThat(records().get("things", "max").orElseThrow().document()).isEqualTo(max);
        assertThatThrownBy(() -> records().createIfAbsent("things", "too-big", new byte[RecordStore.MAX_DOCUMENT_SIZE + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(records().get("things", "too-big")).isEmpty();
    }

    @Test
    @DisplayName("a key and the keys below it are separate records")
    void keyAndKeysBelowItAreSeparate() {
        records().createIfAbsent("things", "a", doc("a"));
        records().createIfAbsent("things", "a/b", doc("a/b"));
        records().createIfAbsent("things", "a.d/b", doc("a.d/b"));
        records().createIfAbsent("things", "a.rec", doc("a.rec"));
        records().createIfAbsent("things", "a.json", doc("a.json"));
        for (String k : List.of("a", "a/b", "a.d/b", "a.rec", "a.json")) {
            assertThat(records().get("things", k)).map(VersionedRecord::documentAsString).contains(k);
        }
        assertThat(listAll("things", "")).containsExactly("a", "a.d/b", "a.json", "a.rec", "a/b");
    }

    @Test
    @DisplayName("collections are independent name spaces")
    void collectionsAreIndependent() {
        records().createIfAbsent("models", "x", doc("model"));
        records().createIfAbsent("aliases", "x", doc("alias"));
        assertThat(records().get("models", "x")).map(VersionedRecord::documentAsString).contains("model");
        assertThat(records().get("aliases", "x")).map(VersionedRecord::documentAsString).contains("alias");
        assertThat(records().delete("models", "x", 1)).isTrue();
        assertThat(records().get("aliases", "x")).isPresent();
        assertThat(listAll("models", "")).isEmpty();
        assertThat(listAll("empty", "")).isEmpty();
    }

    @Test
    @DisplayName("keys are listed by prefix in String order, page by page, with prefix boundaries respected")
    void keysAreListedInStringOrder() {
        List<String> keys = List.of("a", "a-b", "a.b", "a/b", "a/b/c", "a/c", "a0", "ab", "b", "b/a", "ba");
        for (String k : keys) {
            records().createIfAbsent("things", k, doc(k));
        }
        assertThat(listAll("things", "")).containsExactly("a", "a-b", "a.b", "a/b", "a/b/c", "a/c", "a0", "ab", "b",
                "b/a", "ba");
        assertThat(listAll("things", "a/")).containsExactly("a/b", "a/b/c", "a/c");
        assertThat(listAll("things", "a/b")).containsExactly("a/b", "a/b/c");
        assertThat(listAll("things", "a")).containsExactly("a", "a-b", "a.b", "a/b", "a/b/c", "a/c", "a0", "ab");
        assertThat(listAll("things", "b/")).containsExactly("b/a");
        assertThat(listAll("things", "c")).isEmpty();
        for (int limit = 1; limit <= 4; limit++) {
            assertThat(listInPages("things", "", limit)).as("pages of %d", limit).isEqualTo(listAll("things", ""));
        }
    }

    @Test
    @DisplayName("paging tokens stay valid while keys are added and deleted: no key present throughout is skipped or repeated")
    void pagingTokensAreStable() {
        List<String> stable = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String k = String.format("k%02d", i * 2);
            stable.add(k);
            records().createIfAbsent("things", k, doc(k));
        }
        records().createIfAbsent("things", "k03", doc("goes away"));
        List<String> seen = new ArrayList<>();
        Page<String> page = records().list("things", "", null, 7);
        seen.addAll(page.items());
        int step = 0;
        while (page.hasNext()) {
            // churn on both sides of the token between pages
            records().createIfAbsent("things", String.format("k%02d", 2 * step + 1 + 10), doc("new"));
            records().createIfAbsent("things", "a" + step, doc("new, before every token"));
            if (step == 1) {
                records().delete("things", "k03", 1);
            }
            page = records().list("things", "", page.nextPageToken(), 7);
            seen.addAll(page.items());
            step++;
        }
        assertThat(new HashSet<>(seen)).as("no key repeated").hasSize(seen.size());
        assertThat(seen).containsAll(stable);
        assertThat(seen).isSorted();
    }

    @Test
    @DisplayName("hostile and invalid names are refused before anything is stored")
    void invalidNamesAreRefused() {
        List<String> badKeys = List.of("", "..", ".", "../etc/passwd", "a/../b", "/abs", "a/", "a//b", "a\\b", "C:x",
                "Upper", "a\u0000b", "a\nb", "a\tb", "sp ace", "a/./b", ".hidden", "-dash", "x".repeat(256),
                "a:b", "ä", "a*b", "a?b");
        for (String key : badKeys) {
            assertThatThrownBy(() -> records().get("things", key)).as("get %s", key).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> records().createIfAbsent("things", key, doc("x"))).as("create %s", key)
                    .isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> records().compareAndSet("things", key, 1, doc("x"))).as("cas %s", key)
                    .isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> records().delete("things", key, 1)).as("delete %s", key)
                    .isInstanceOf(InvalidNameException.class);
        }
        for (String collection : List.of("", "Models", "../x", "a/b", "1abc", "a b", "x".repeat(64), "a\u0000")) {
            assertThatThrownBy(() -> records().createIfAbsent(collection, "k", doc("x"))).as("collection %s", collection)
                    .isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> records().list(collection, "", null, 10)).isInstanceOf(InvalidNameException.class);
        }
        for (String prefix : List.of("/", "..", "a//", "A", "a\\")) {
            assertThatThrownBy(() -> records().list("things", prefix, null, 10)).as("prefix %s", prefix)
                    .isInstanceOf(InvalidNameException.class);
        }
        assertThat(listAll("things", "")).isEmpty();
    }

    @Test
    @DisplayName("a closed store refuses every call with StoreUnavailableException, and close is idempotent")
    void closedStoreRefusesCalls() {
        BlobInfo info = blobs().put(new ByteArrayInputStream(ABC));
        records().createIfAbsent("things", "k", doc("x"));
        store.close();
        store.close();
        assertThatThrownBy(() -> records().get("things", "k")).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> records().createIfAbsent("things", "j", doc("x"))).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> records().compareAndSet("things", "k", 1, doc("x"))).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> records().list("things", "", null, 10)).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> blobs().put(new ByteArrayInputStream(ABC))).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> blobs().get(info.digest())).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> blobs().list(null, 10)).isInstanceOf(StoreUnavailableException.class);
    }

    // ------------------------------------------------------------------------------------------ contention

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    @DisplayName("threads racing compare-and-set on one key: one winner per revision and no lost increment")
    void compareAndSetUnderContention() throws Exception {
        int threads = contendingThreads();
        int perThread = incrementsPerThread();
        records().createIfAbsent("counters", "shared", doc("0"));
        Map<Long, Integer> winners = new ConcurrentHashMap<>();
        AtomicInteger conflicts = new AtomicInteger();
        runRacing(threads, t -> {
            int done = 0;
            while (done < perThread) {
                VersionedRecord cur = records().get("counters", "shared").orElseThrow();
                long next = Long.parseLong(cur.documentAsString()) + 1;
                WriteResult r = records().compareAndSet("counters", "shared", cur.revision(), doc(Long.toString(next)));
                if (r.applied()) {
                    assertThat(r.revision()).isEqualTo(cur.revision() + 1);
                    Integer previous = winners.putIfAbsent(r.revision(), t);
                    assertThat(previous).as("two winners for revision %d", r.revision()).isNull();
                    done++;
                } else {
                    assertThat(r.revision()).isGreaterThan(cur.revision());
                    conflicts.incrementAndGet();
                }
            }
        });
        VersionedRecord end = records().get("counters", "shared").orElseThrow();
        long total = (long) threads * perThread;
        assertThat(end.documentAsString()).isEqualTo(Long.toString(total));
        assertThat(end.revision()).isEqualTo(total + 1);
        assertThat(winners.keySet()).hasSize((int) total).allSatisfy(rev -> assertThat(rev).isBetween(2L, total + 1));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    @DisplayName("threads racing create-if-absent on one key: exactly one creates it")
    void createIfAbsentUnderContention() throws Exception {
        int threads = contendingThreads();
        for (int round = 0; round < 10; round++) {
            String key = "race/" + round;
            AtomicInteger applied = new AtomicInteger();
            Map<Integer, String> winner = new ConcurrentHashMap<>();
            runRacing(threads, t -> {
                WriteResult r = records().createIfAbsent("things", key, doc("thread " + t));
                assertThat(r.revision()).isEqualTo(1);
                if (r.applied()) {
                    applied.incrementAndGet();
                    winner.put(0, "thread " + t);
                }
            });
            assertThat(applied).as("round %d", round).hasValue(1);
            assertThat(records().get("things", key)).map(VersionedRecord::documentAsString).contains(winner.get(0));
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    @DisplayName("threads racing delete at the same revision: exactly one deletes")
    void deleteUnderContention() throws Exception {
        int threads = contendingThreads();
        for (int round = 0; round < 10; round++) {
            String key = "gone/" + round;
            records().createIfAbsent("things", key, doc("x"));
            AtomicInteger deleted = new AtomicInteger();
            runRacing(threads, t -> {
                if (records().delete("things", key, 1)) {
                    deleted.incrementAndGet();
                }
            });
            assertThat(deleted).as("round %d", round).hasValue(1);
            assertThat(records().get("things", key)).isEmpty();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    @DisplayName("threads putting the same blob at once store it once, readable and verified")
    void concurrentPutsOfOneBlob() throws Exception {
        byte[] content = content(300_000, 11);
        Digest expected = Digest.sha256(content);
        runRacing(contendingThreads(), t -> {
            BlobInfo info = blobs().put(new ByteArrayInputStream(content));
            assertThat(info.digest()).isEqualTo(expected);
            assertThat(readAll(expected)).isEqualTo(content);
        });
        assertThat(blobs().list(null, 10).items()).extracting(BlobInfo::digest).containsExactly(expected);
    }

    // ------------------------------------------------------------------------------------------ properties

    @Property(tries = 60)
    @Label("any content round-trips, is named by its SHA-256 and a second put is idempotent")
    void anyContentRoundTrips(@ForAll @Size(max = 70_000) byte[] content) throws IOException {
        MessageDigest md = Digest.newMessageDigest();
        Digest expected = Digest.ofBytes(md.digest(content));
        BlobInfo info = blobs().put(new ByteArrayInputStream(content));
        assertThat(info.digest()).isEqualTo(expected);
        assertThat(info.size()).isEqualTo(content.length);
        assertThat(readAll(expected)).isEqualTo(content);
        BlobInfo again = blobs().put(new ByteArrayInputStream(content), expected);
        assertThat(again.digest()).isEqualTo(expected);
        assertThat(blobs().exists(expected)).isTrue();
        assertThat(blobs().delete(expected)).isTrue();
        assertThat(blobs().exists(expected)).isFalse();
    }

    @Property(tries = 60)
    @Label("content that does not match the claimed digest is never stored")
    void mismatchedDigestIsNeverStored(@ForAll @Size(max = 5_000) byte[] content,
                                       @ForAll @Size(min = 32, max = 32) byte[] claimedBytes) {
        Digest claimed = Digest.ofBytes(claimedBytes);
        Digest actual = Digest.sha256(content);
        if (claimed.equals(actual)) {
            return; // a 2^-256 coincidence
        }
        assertThatThrownBy(() -> blobs().put(new ByteArrayInputStream(content), claimed))
                .isInstanceOf(CorruptedContentException.class);
        assertThat(blobs().exists(claimed)).isFalse();
        assertThat(blobs().exists(actual)).isFalse();
    }

    @Property(tries = 40)
    @Label("any set of keys lists in String order under any prefix and page size, each key once")
    void listingMatchesSortedKeys(@ForAll("keySets") Set<String> keys, @ForAll("prefixes") String prefix,
                                  @ForAll @IntRange(min = 1, max = 7) int limit) {
        String collection = "p" + Integer.toHexString(System.identityHashCode(keys)) + Long.toHexString(System.nanoTime());
        for (String k : keys) {
            assertThat(records().createIfAbsent(collection, k, doc(k)).applied()).isTrue();
        }
        List<String> expected = keys.stream().filter(k -> k.startsWith(prefix)).sorted().toList();
        assertThat(listInPages(collection, prefix, limit)).isEqualTo(expected);
    }

    @Property(tries = 40)
    @Label("any sequence of conditional writes behaves like a map of revisions")
    void conditionalWritesFollowTheModel(@ForAll("operations") List<Operation> operations) {
        String collection = "m" + Long.toHexString(System.nanoTime());
        Map<String, Long> model = new HashMap<>();
        Map<String, String> docs = new HashMap<>();
        int n = 0;
        for (Operation op : operations) {
            String key = "key/" + op.key();
            long current = model.getOrDefault(key, 0L);
            long expectedRevision = Math.max(0, current + op.revisionOffset());
            String text = "doc " + n++;
            switch (op.kind()) {
                case CREATE -> {
                    WriteResult r = records().createIfAbsent(collection, key, doc(text));
                    if (current == 0) {
                        assertThat(r).isEqualTo(WriteResult.applied(1));
                        model.put(key, 1L);
                        docs.put(key, text);
                    } else {
                        assertThat(r).isEqualTo(WriteResult.rejected(current));
                    }
                }
                case CAS -> {
                    WriteResult r = records().compareAndSet(collection, key, expectedRevision, doc(text));
                    if (current != 0 && expectedRevision == current) {
                        assertThat(r).isEqualTo(WriteResult.applied(current + 1));
                        model.put(key, current + 1);
                        docs.put(key, text);
                    } else {
                        assertThat(r).isEqualTo(WriteResult.rejected(current));
                    }
                }
                case DELETE -> {
                    boolean deleted = records().delete(collection, key, expectedRevision);
                    assertThat(deleted).isEqualTo(current != 0 && expectedRevision == current);
                    if (deleted) {
                        model.remove(key);
                        docs.remove(key);
                    }
                }
            }
            Optional<VersionedRecord> stored = records().get(collection, key);
            if (model.containsKey(key)) {
                assertThat(stored).isPresent();
                assertThat(stored.get().revision()).isEqualTo(model.get(key));
                assertThat(stored.get().documentAsString()).isEqualTo(docs.get(key));
            } else {
                assertThat(stored).isEmpty();
            }
        }
        assertThat(listAll(collection, "")).containsExactlyElementsOf(new TreeSet<>(model.keySet()));
    }

    @Property(tries = 100)
    @Label("any key containing a character outside [a-z0-9._-/] is refused and stores nothing")
    void keysWithForeignCharactersAreRefused(@ForAll("foreignKeys") String key) {
        assertThatThrownBy(() -> records().createIfAbsent("things", key, doc("x"))).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> records().get("things", key)).isInstanceOf(InvalidNameException.class);
        assertThat(records().list("things", "", null, 10).items()).isEmpty();
    }

    /** One step of {@link #conditionalWritesFollowTheModel}. Immutable and thread-safe. */
    public record Operation(Kind kind, int key, int revisionOffset) {
        /** The kinds of conditional write. */
        public enum Kind { CREATE, CAS, DELETE }
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<Operation> op = Combinators.combine(
                Arbitraries.of(Operation.Kind.class),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(-1, 1).edgeCases(c -> c.includeOnly(0)))
                .as(Operation::new);
        return op.list().ofMaxSize(25);
    }

    @Provide
    Arbitrary<Set<String>> keySets() {
        return keys().set().ofMaxSize(25);
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.oneOf(Arbitraries.just(""), keys(), keys().map(k -> k + "/"),
                keys().filter(k -> k.length() > 1 && !k.endsWith("/") && k.charAt(k.length() - 2) != '/')
                        .map(k -> k.substring(0, k.length() - 1)));
    }

    private static Arbitrary<String> keys() {
        Arbitrary<String> segment = Combinators.combine(
                Arbitraries.of('a', 'b', '0'),
                Arbitraries.strings().withChars('a', 'b', '0', '-', '.', '_').ofMaxLength(2))
                .as((first, rest) -> first + rest);
        return segment.list().ofMinSize(1).ofMaxSize(3).map(segs -> String.join("/", segs));
    }

    @Provide
    Arbitrary<String> foreignKeys() {
        Arbitrary<Character> foreign = Arbitraries.oneOf(
                Arbitraries.chars().range('\u0000', '\u001f'),
                Arbitraries.chars().range('A', 'Z'),
                Arbitraries.of(' ', '\\', ':', '*', '?', '"', '<', '>', '|', '\u007f', '\u00e4', '\u2215', '\uff0e'));
        return Combinators.combine(keys(), foreign, Arbitraries.integers().between(0, 1000))
                .as((key, c, at) -> {
                    int i = at % (key.length() + 1);
                    return key.substring(0, i) + c + key.substring(i);
                });
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** UTF-8 bytes of {@code text}. */
    protected static byte[] doc(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Deterministic pseudo-random content. */
    protected static byte[] content(int size, long seed) {
        try {
            return new GeneratedContent(size, seed).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readAll(Digest digest) {
        try (InputStream in = blobs().get(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Digest digestOf(InputStream in) throws IOException {
        MessageDigest md = Digest.newMessageDigest();
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
        }
        return Digest.ofBytes(md.digest());
    }

    private List<String> listAll(String collection, String prefix) {
        return listInPages(collection, prefix, 10_000);
    }

    private List<String> listInPages(String collection, String prefix, int limit) {
        List<String> out = new ArrayList<>();
        String token = null;
        int guard = 0;
        do {
            Page<String> page = records().list(collection, prefix, token, limit);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            out.addAll(page.items());
            token = page.nextPageToken();
            assertThat(++guard).as("paging does not terminate").isLessThan(100_000);
        } while (token != null);
        return out;
    }

    /** Runs {@code body(threadIndex)} on {@code threads} threads released at once; rethrows the first failure. */
    private static void runRacing(int threads, ThrowingIntConsumer body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    body.accept(index);
                    return null;
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("threads started").isTrue();
            go.countDown();
            for (Future<?> f : futures) {
                try {
                    f.get(110, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Exception ex) {
                        throw ex;
                    }
                    throw new AssertionError(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThrowingIntConsumer {
        void accept(int value) throws Exception;
    }
}
