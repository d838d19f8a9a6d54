package dev.mlops.registry.store;

import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.Names;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.StoreUnavailableException;
import dev.mlops.registry.spi.VerifyingInputStream;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The {@code mem:} store: records and blobs in this JVM's heap, for tests and embedding. Nothing survives the JVM.
 *
 * <p>{@code mem:name} opens the store registered under {@code name} in this JVM (created on first use), so several
 * registries in one test can share it; {@code mem:} with no name opens a fresh private store every time.
 * {@link #create()} makes a private one by hand. Blobs live on the heap, so the largest blob is bounded by it.
 *
 * <p>Thread-safe: every operation is atomic per key; conditional writes are linearizable.
 */
public final class InMemoryStore implements RecordStore, BlobStore {
    private static final ConcurrentMap<String, InMemoryStore> NAMED = new ConcurrentHashMap<>();

    private final String name;
    private final Clock clock;
    private final ConcurrentMap<String, ConcurrentNavigableMap<String, VersionedRecord>> collections = new ConcurrentHashMap<>();
    private final ConcurrentNavigableMap<Digest, Blob> blobs = new ConcurrentSkipListMap<>();
    private volatile boolean closed;

    private record Blob(byte[] bytes, Instant lastUsed) {
    }

    private InMemoryStore(String name, Clock clock) {
        this.name = name;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new private store on the system clock. */
    public static InMemoryStore create() {
        return new InMemoryStore("", Clock.systemUTC());
    }

    /** A new private store whose last-used marks come from {@code clock} (for garbage-collection tests). */
    public static InMemoryStore create(Clock clock) {
        return new InMemoryStore("", clock);
    }

    /** The store registered under {@code name} in this JVM, created on first use. */
    public static InMemoryStore named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            return create();
        }
        return NAMED.computeIfAbsent(name, n -> new InMemoryStore(n, Clock.systemUTC()));
    }

    /** Forgets the store registered under {@code name}, so the next {@code mem:name} starts empty. */
    public static void forget(String name) {
        NAMED.remove(name);
    }

    /** This store as a {@link Store} pair (records and blobs in one object). */
    public Store asStore() {
        return Store.of(this, this, "mem:" + name);
    }

    // ---------------------------------------------------------------- records

    @Override
    public Optional<VersionedRecord> get(String collection, String key) {
        check(collection, key);
        Map<String, VersionedRecord> c = collections.get(collection);
        return c == null ? Optional.empty() : Optional.ofNullable(c.get(key));
    }

    @Override
    public WriteResult createIfAbsent(String collection, String key, byte[] document) {
        check(collection, key);
        RecordStore.checkDocument(document);
        VersionedRecord fresh = new VersionedRecord(key, document, 1);
        VersionedRecord prior = collection(collection).putIfAbsent(key, fresh);
        return prior == null ? WriteResult.applied(1) : WriteResult.rejected(prior.revision());
    }

    @Override
    public WriteResult compareAndSet(String collection, String key, long expectedRevision, byte[] document) {
        check(collection, key);
        RecordStore.checkDocument(document);
        ConcurrentNavigableMap<String, VersionedRecord> c = collection(collection);
        // an explicit CAS loop: ConcurrentSkipListMap.compute* may run its function several times under contention
        while (true) {
            VersionedRecord cur = c.get(key);
            if (cur == null) {
                return WriteResult.rejected(0);
            }
            if (cur.revision() != expectedRevision) {
                return WriteResult.rejected(cur.revision());
            }
            if (c.replace(key, cur, new VersionedRecord(key, document, cur.revision() + 1))) {
                return WriteResult.applied(cur.revision() + 1);
            }
        }
    }

    @Override
    public boolean delete(String collection, String key, long expectedRevision) {
        check(collection, key);
        Map<String, VersionedRecord> c = collections.get(collection);
        if (c == null) {
            return false;
        }
        while (true) {
            VersionedRecord cur = c.get(key);
            if (cur == null || cur.revision() != expectedRevision) {
                return false;
            }
            if (c.remove(key, cur)) {
                return true;
            }
        }
    }

    @Override
    public Page<String> list(String collection, String prefix, String pageToken, int limit) {
        ensureOpen();
        Names.checkCollection(collection);
        Names.checkPrefix(prefix);
        Page.checkLimit(limit);
        ConcurrentNavigableMap<String, VersionedRecord> c = collections.get(collection);
        if (c == null) {
            return new Page<>(List.of(), null);
        }
        String from = pageToken != null && pageToken.compareTo(prefix) >= 0 ? pageToken : null;
        ConcurrentNavigableMap<String, VersionedRecord> tail = from == null ? c.tailMap(prefix, true) : c.tailMap(from, false);
        List<String> out = new ArrayList<>(Math.min(limit, 64));
        for (String k : tail.keySet()) {
            if (!k.startsWith(prefix)) {
                break;
            }
            if (out.size() == limit) {
                return new Page<>(out, out.get(out.size() - 1));
            }
            out.add(k);
        }
        return new Page<>(out, null);
    }

    // ---------------------------------------------------------------- blobs

    @Override
    public BlobInfo put(InputStream in) {
        return put(in, null);
    }

    @Override
    public BlobInfo put(InputStream in, Digest expected) {
        ensureOpen();
        Objects.requireNonNull(in, "in");
        if (expected != null) {
            BlobInfo refreshed = refresh(expected);
            if (refreshed != null) {
                return refreshed;
            }
        }
        MessageDigest md = Digest.newMessageDigest();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                md.update(chunk, 0, n);
                buf.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the content to store in mem:" + name + " failed: " + e.getMessage(), e);
        }
        Digest actual = Digest.ofBytes(md.digest());
        if (expected != null && !expected.equals(actual)) {
            throw new CorruptedContentException("Expected content with digest " + expected + " but it hashes to "
                    + actual + "; nothing was stored. Check that the digest belongs to this content.");
        }
        byte[] bytes = buf.toByteArray();
        Instant now = clock.instant();
        // a stored copy that no longer hashes to its name is replaced by this good one
        blobs.merge(actual, new Blob(bytes, now), (old, neu) -> intact(old, actual) ? new Blob(old.bytes(), now) : neu);
        return new BlobInfo(actual, bytes.length, now);
    }

    /** Refreshes an intact stored copy of {@code d}; null when there is none (absent or damaged). */
    private BlobInfo refresh(Digest d) {
        Instant now = clock.instant();
        Blob b = blobs.computeIfPresent(d, (k, old) -> new Blob(old.bytes(), now));
        if (b == null || !intact(b, d)) {
            return null;
        }
        return new BlobInfo(d, b.bytes().length, now);
    }

    private static boolean intact(Blob b, Digest d) {
        return Digest.sha256(b.bytes()).equals(d);
    }

    @Override
    public InputStream get(Digest digest) {
        ensureOpen();
        Blob b = blobs.get(Objects.requireNonNull(digest, "digest"));
        if (b == null) {
            throw new NotFoundException("No blob " + digest + " in mem:" + name
                    + ". It was never stored here or was garbage-collected.", "blob", digest.toString(), null);
        }
        return new VerifyingInputStream(new ByteArrayInputStream(b.bytes()), digest, -1, "mem:" + name);
    }

    @Override
    public boolean exists(Digest digest) {
        ensureOpen();
        return blobs.containsKey(Objects.requireNonNull(digest, "digest"));
    }

    @Override
    public Optional<BlobInfo> stat(Digest digest) {
        ensureOpen();
        Blob b = blobs.get(Objects.requireNonNull(digest, "digest"));
        return b == null ? Optional.empty() : Optional.of(new BlobInfo(digest, b.bytes().length, b.lastUsed()));
    }

    @Override
    public boolean delete(Digest digest) {
        ensureOpen();
        return blobs.remove(Objects.requireNonNull(digest, "digest")) != null;
    }

    @Override
    public Page<BlobInfo> list(String pageToken, int limit) {
        ensureOpen();
        Page.checkLimit(limit);
        Map<Digest, Blob> tail = pageToken == null ? blobs : blobs.tailMap(Digest.parse(pageToken), false);
        List<BlobInfo> out = new ArrayList<>(Math.min(limit, 64));
        for (Map.Entry<Digest, Blob> e : tail.entrySet()) {
            if (out.size() == limit) {
                return new Page<>(out, out.get(out.size() - 1).digest().hex());
            }
            out.add(new BlobInfo(e.getKey(), e.getValue().bytes().length, e.getValue().lastUsed()));
        }
        return new Page<>(out, null);
    }

    /**
     * Replaces a blob's bytes without changing its digest, as memory corruption would. Package-private: only this
     * package's tests (the compatibility kit's corruption hook) reach it; it is no part of the store SPI.
     */
    void replaceBytes(Digest digest, byte[] replacement) {
        blobs.computeIfPresent(digest, (k, old) -> new Blob(replacement.clone(), old.lastUsed()));
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Closes a private store (further calls fail). A named store is shared by everyone who opens {@code mem:name},
     * so closing it does nothing: it keeps its content until {@link #forget}.
     */
    @Override
    public void close() {
        if (name.isEmpty()) {
            closed = true;
        }
    }

    @Override
    public String toString() {
        return "InMemoryStore[mem:" + name + "]";
    }

    private ConcurrentNavigableMap<String, VersionedRecord> collection(String collection) {
        return collections.computeIfAbsent(collection, c -> new ConcurrentSkipListMap<>());
    }

    private void check(String collection, String key) {
        ensureOpen();
        Names.checkCollection(collection);
        Names.checkKey(key);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreUnavailableException("The store mem:" + name + " is closed; open a new one.");
        }
    }
}
