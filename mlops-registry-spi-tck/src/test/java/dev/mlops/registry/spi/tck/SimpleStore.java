package dev.mlops.registry.spi.tck;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A deliberately plain store for the kit's own tests (the kit cannot use core's stores: core depends on the kit).
 * Correct when {@code bug} is {@link Bug#NONE}; each other value plants one bug the kit must catch.
 * Thread-safe: every method is synchronized, except where a bug says otherwise.
 */
final class SimpleStore implements RecordStore, BlobStore {
    /** The bug planted in a store. */
    enum Bug { NONE, LOST_UPDATE, NO_LAST_USED_REFRESH, UNVERIFIED_GET, UNSORTED_LIST, ACCEPTS_ANY_KEY, KEEPS_DAMAGED_COPY }

    private record Blob(byte[] bytes, Instant lastUsed) {
    }

    private final Bug bug;
    private final Clock clock;
    private final Map<String, VersionedRecord> records = new TreeMap<>();
    private final Map<Digest, Blob> blobs = new TreeMap<>();
    private volatile boolean closed;

    SimpleStore(Bug bug, Clock clock) {
        this.bug = bug;
        this.clock = clock;
    }

    Store asStore() {
        return Store.of(this, this, "simple:" + bug);
    }

    private static String id(String collection, String key) {
        return collection + " " + key;
    }

    private void check(String collection, String key) {
        open();
        Names.checkCollection(collection);
        if (bug != Bug.ACCEPTS_ANY_KEY) {
            Names.checkKey(key);
        }
    }

    private void open() {
        if (closed) {
            throw new StoreUnavailableException("closed");
        }
    }

    private static void checkDocument(byte[] document) {
        if (document.length > MAX_DOCUMENT_SIZE) {
            throw new IllegalArgumentException("too big");
        }
    }

    @Override
    public synchronized Optional<VersionedRecord> get(String collection, String key) {
        check(collection, key);
        return Optional.ofNullable(records.get(id(collection, key)));
    }

    @Override
    public synchronized WriteResult createIfAbsent(String collection, String key, byte[] document) {
        check(collection, key);
        checkDocument(document);
        VersionedRecord cur = records.get(id(collection, key));
        if (cur != null) {
            return WriteResult.rejected(cur.revision());
        }
        records.put(id(collection, key), new VersionedRecord(key, document, 1));
        return WriteResult.applied(1);
    }

    @Override
    public WriteResult compareAndSet(String collection, String key, long expectedRevision, byte[] document) {
        check(collection, key);
        checkDocument(document);
        if (bug == Bug.LOST_UPDATE) { // check, then write, without holding the lock in between
            VersionedRecord cur;
            synchronized (this) {
                cur = records.get(id(collection, key));
            }
            if (cur == null || cur.revision() != expectedRevision) {
                return WriteResult.rejected(cur == null ? 0 : cur.revision());
            }
            Thread.yield();
            synchronized (this) {
                records.put(id(collection, key), new VersionedRecord(key, document, expectedRevision + 1));
            }
            return WriteResult.applied(expectedRevision + 1);
        }
        synchronized (this) {
            VersionedRecord cur = records.get(id(collection, key));
            if (cur == null || cur.revision() != expectedRevision) {
                return WriteResult.rejected(cur == null ? 0 : cur.revision());
            }
            records.put(id(collection, key), new VersionedRecord(key, document, expectedRevision + 1));
            return WriteResult.applied(expectedRevision + 1);
        }
    }

    @Override
    public synchronized boolean delete(String collection, String key, long expectedRevision) {
        check(collection, key);
        VersionedRecord cur = records.get(id(collection, key));
        if (cur == null || cur.revision() != expectedRevision) {
            return false;
        }
        records.remove(id(collection, key));
        return true;
    }

    @Override
    public synchronized Page<String> list(String collection, String prefix, String pageToken, int limit) {
        open();
        Names.checkCollection(collection);
        Names.checkPrefix(prefix);
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit " + limit);
        }
        List<String> keys = new ArrayList<>();
        for (String id : records.keySet()) {
            if (id.startsWith(collection + " ")) {
                String key = id.substring(collection.length() + 1);
                if (key.startsWith(prefix) && (pageToken == null || key.compareTo(pageToken) > 0)) {
                    keys.add(key);
                }
            }
        }
        // keys of one collection sort by "collection key" text, where ' ' < '-' < '.' < '/': re-sort by key
        Collections.sort(keys);
        if (bug == Bug.UNSORTED_LIST) {
            Collections.reverse(keys);
        }
        if (keys.size() <= limit) {
            return new Page<>(keys, null);
        }
        List<String> page = keys.subList(0, limit);
        return new Page<>(page, page.get(limit - 1));
    }

    @Override
    public BlobInfo put(InputStream in) {
        return put(in, null);
    }

    @Override
    public BlobInfo put(InputStream in, Digest expected) {
        open();
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Digest d = Digest.sha256(bytes);
        if (expected != null && !expected.equals(d)) {
            throw new CorruptedContentException("expected " + expected + ", found " + d);
        }
        synchronized (this) {
            Blob old = blobs.get(d);
            Instant mark = old != null && bug == Bug.NO_LAST_USED_REFRESH ? old.lastUsed() : clock.instant();
            // a stored copy that no longer hashes to its digest is replaced by the good bytes being put
            boolean keepOld = old != null && (bug == Bug.KEEPS_DAMAGED_COPY || Digest.sha256(old.bytes()).equals(d));
            blobs.put(d, new Blob(keepOld ? old.bytes() : bytes, mark));
            return new BlobInfo(d, bytes.length, mark);
        }
    }

    @Override
    public synchronized InputStream get(Digest digest) {
        open();
        Blob b = blobs.get(digest);
        if (b == null) {
            throw new NotFoundException("no " + digest);
        }
        InputStream raw = new ByteArrayInputStream(b.bytes());
        return bug == Bug.UNVERIFIED_GET ? raw : new VerifyingInputStream(raw, digest, -1, "simple");
    }

    @Override
    public synchronized boolean exists(Digest digest) {
        open();
        return blobs.containsKey(digest);
    }

    @Override
    public synchronized Optional<BlobInfo> stat(Digest digest) {
        open();
        Blob b = blobs.get(digest);
        return b == null ? Optional.empty() : Optional.of(new BlobInfo(digest, b.bytes().length, b.lastUsed()));
    }

    @Override
    public synchronized boolean delete(Digest digest) {
        open();
        return blobs.remove(digest) != null;
    }

    @Override
    public synchronized Page<BlobInfo> list(String pageToken, int limit) {
        open();
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit " + limit);
        }
        List<BlobInfo> out = new ArrayList<>();
        for (Map.Entry<Digest, Blob> e : blobs.entrySet()) {
            if (pageToken != null && e.getKey().hex().compareTo(pageToken) <= 0) {
                continue;
            }
            if (out.size() == limit) {
                return new Page<>(out, out.get(limit - 1).digest().hex());
            }
            out.add(new BlobInfo(e.getKey(), e.getValue().bytes().length, e.getValue().lastUsed()));
        }
        return new Page<>(out, null);
    }

    /** The kit's corruption hook for this store. */
    BlobCorrupter corrupter() {
        return ((digest, replacement) -> {
            synchronized (this) {
                Blob b = blobs.get(digest);
                blobs.put(digest, new Blob(replacement.clone(), b.lastUsed()));
            }
        });
    }

    @Override
    public void close() {
        closed = true;
    }
}
